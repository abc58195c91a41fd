package dev.analyst.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dashboard.ChartPinned;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardCommand;
import dev.analyst.contracts.dashboard.DashboardPublished;
import dev.analyst.contracts.dashboard.DashboardRequested;
import dev.analyst.contracts.dashboard.Grid;
import dev.analyst.contracts.dashboard.KpiTile;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.RunStarted;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.infra.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Dashboards through the gateway against real PostgreSQL, Kafka and Redis: stored, served, regenerated, pinned to. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    private static final String ALICE = "acme-alice-key";
    private static final String BOB = "acme-bob-key";
    private static final String GARY = "globex-gary-key";

    private final UUID datasetId = UUID.randomUUID();

    private final List<DashboardCommand> commands = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("ANALYST_API_KEYS", () -> ALICE + ":acme:alice," + BOB + ":acme:bob," + GARY + ":globex:gary");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RunEventsTopic {

        // Declared by agent-service in the suite; the broker does not create topics on demand.
        @Bean
        NewTopic runEventsTopic() {
            return TopicBuilder.name(Topic.RUN_EVENTS.topicName())
                    .partitions(Topic.PARTITIONS)
                    .replicas(1)
                    .build();
        }
    }

    @Autowired
    private WebTestClient web;

    @Autowired
    private JsonMapper mapper;

    private KafkaProducer<String, String> producer;

    private KafkaConsumer<String, String> consumer;

    @BeforeAll
    void clients() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        var partitions = new ArrayList<TopicPartition>();
        consumer.partitionsFor(Topic.DASHBOARD_COMMANDS.topicName())
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    @AfterAll
    void closeClients() {
        producer.close();
        consumer.close();
    }

    @Test
    void servesTheLatestDashboardToItsTenantAloneAndRegeneratesItOnRequest() {
        publish(published(2, "Orders"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(dashboard(ALICE).get("title").asString()).isEqualTo("Orders"));
        JsonNode served = dashboard(ALICE);
        assertThat(served.get("datasetVersion").asLong()).isEqualTo(2);
        assertThat(served.get("tiles").get(0).get("kind").asString()).isEqualTo("KpiTile");
        assertThat(served.get("tiles").get(0).get("value").asInt()).isEqualTo(5);
        web.get()
                .uri("/api/datasets/{id}/dashboard", datasetId)
                .header("X-API-Key", GARY)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.get()
                .uri("/api/datasets/{id}/dashboard", UUID.randomUUID())
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isNotFound();

        // Each drawing has its own ETag (its publication's event id), so a poller sees a regeneration land.
        var firstTag = dashboardTag();
        assertThat(firstTag).isNotBlank();

        // An older version arriving late does not replace the newer one; a newer one does.
        publish(published(1, "Orders, old"));
        publish(published(3, "Orders, new"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(dashboard(ALICE).get("title").asString()).isEqualTo("Orders, new"));
        assertThat(dashboardTag()).isNotEqualTo(firstTag);

        web.post()
                .uri("/api/datasets/{id}/dashboard/regenerate", datasetId)
                .header("X-API-Key", GARY)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/datasets/{id}/dashboard/regenerate", datasetId)
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isAccepted();
        var requested = awaitCommand(command -> command instanceof DashboardRequested);
        assertThat(requested.tenantId()).isEqualTo("acme");
        assertThat(commands).filteredOn(DashboardRequested.class::isInstance).hasSize(1);
    }

    @Test
    void pinsTheChartOfTheCallersAnswerToItsDatasetsDashboard() {
        var chart = new ChartSpec("bar", "Amount by region", "region", List.of("total"), "Region", "Amount");
        UUID runId = answeredRun("SELECT region, sum(amount) AS total FROM orders GROUP BY region", chart);

        web.post()
                .uri("/api/runs/{id}/pin", runId)
                .header("X-API-Key", GARY)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/runs/{id}/pin", runId)
                .header("X-API-Key", BOB)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/runs/{id}/pin", UUID.randomUUID())
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.post()
                .uri("/api/runs/{id}/pin", runId)
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isAccepted();

        var pinned = (ChartPinned) awaitCommand(
                command -> command instanceof ChartPinned pin && pin.runId().equals(runId));
        assertThat(pinned.datasetId()).isEqualTo(datasetId);
        assertThat(pinned.tenantId()).isEqualTo("acme");
        assertThat(pinned.sql()).isEqualTo("SELECT region, sum(amount) AS total FROM orders GROUP BY region");
        assertThat(pinned.chart()).isEqualTo(chart);
        assertThat(pinned.title()).isEqualTo("Amount by region");

        UUID withoutChart =
                answeredRun("SELECT count(*) FROM orders", new ChartSpec("table", "", "", List.of(), "", ""));
        web.post()
                .uri("/api/runs/{id}/pin", withoutChart)
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody(JsonNode.class)
                .value(problem -> assertThat(problem.get("title").asString()).isEqualTo("Answer without chart"));
    }

    /** Asks a question as Alice and answers it with the given SQL and chart; waits until the answer is stored. */
    private UUID answeredRun(String sql, ChartSpec chart) {
        JsonNode accepted = web.post()
                .uri("/api/questions")
                .header("X-API-Key", ALICE)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", "Amount by region?"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        UUID runId = UUID.fromString(accepted.get("runId").asString());
        UUID conversationId = UUID.fromString(accepted.get("conversationId").asString());
        var now = Instant.now();
        var result = new ResultTable(List.of(new ResultColumn("region", "text")), List.of(List.of("north")), false);
        publish(new RunStarted(UUID.randomUUID(), now, runId, conversationId, "acme", "Amount by region?"));
        publish(new SqlGenerated(UUID.randomUUID(), now, runId, datasetId, "orders", 1, sql));
        publish(new AnswerCompleted(
                UUID.randomUUID(), now, runId, conversationId, "acme", "North.", sql, result, chart, List.of()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> web.get()
                                .uri("/api/conversations/{id}/messages", conversationId)
                                .header("X-API-Key", ALICE)
                                .exchange()
                                .expectBody(JsonNode.class)
                                .returnResult()
                                .getResponseBody()
                                .size()
                        == 2);
        return runId;
    }

    private DashboardPublished published(long version, String title) {
        var dashboard = new Dashboard(
                datasetId,
                "acme",
                version,
                title,
                List.of(new KpiTile(
                        "Rows", "SELECT count(*) AS \"value\" FROM \"orders\"", 5, new Grid(0, 0, 3, 2), null)));
        return new DashboardPublished(UUID.randomUUID(), Instant.now(), datasetId, dashboard);
    }

    private JsonNode dashboard(String key) {
        return web.get()
                .uri("/api/datasets/{id}/dashboard", datasetId)
                .header("X-API-Key", key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private String dashboardTag() {
        return web.get()
                .uri("/api/datasets/{id}/dashboard", datasetId)
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .exists("Last-Modified")
                .returnResult(String.class)
                .getResponseHeaders()
                .getETag();
    }

    private void publish(Event event) {
        Topic topic = Topic.of(event);
        try {
            producer.send(new ProducerRecord<>(
                            topic.topicName(),
                            event.key(),
                            mapper.writerFor(topic.payloadType()).writeValueAsString(event)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + event, e);
        }
    }

    private DashboardCommand awaitCommand(java.util.function.Predicate<DashboardCommand> wanted) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return commands.stream().anyMatch(wanted);
        });
        return commands.stream().filter(wanted).findFirst().orElseThrow();
    }

    private synchronized void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            var command = mapper.readValue(record.value(), DashboardCommand.class);
            if (command.datasetId().equals(datasetId)) {
                assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                        .isEqualTo("dev.analyst." + command.getClass().getSimpleName());
                commands.add(command);
            }
        }
    }
}
