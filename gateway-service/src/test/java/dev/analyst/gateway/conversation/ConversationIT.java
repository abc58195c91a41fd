package dev.analyst.gateway.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.run.RunStarted;
import dev.analyst.contracts.run.SqlGenerated;
import dev.analyst.contracts.run.StageCompleted;
import dev.analyst.infra.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One conversation read, renamed and deleted through the gateway against real PostgreSQL, Kafka and Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
class ConversationIT {

    private static final String ALICE = "conv-alice-key";
    private static final String BOB = "conv-bob-key";
    private static final String GARY = "conv-gary-key";

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

    @Autowired
    private DatabaseClient db;

    @Test
    void storesWhatTheAnswerCarriedRenamesAndDeletesForItsOwnerAloneAnd404sEveryoneElse() {
        var asked = ask(ALICE, "How many orders were shipped?");
        var conversationId = UUID.fromString(asked.get("conversationId").asString());
        var runId = UUID.fromString(asked.get("runId").asString());
        answer(runId, conversationId);

        var answer =
                await().atMost(Duration.ofSeconds(30)).until(() -> assistantMessage(conversationId), m -> m != null);
        var metadata = answer.get("metadata");
        assertThat(metadata.get("sql").asString()).isEqualTo("SELECT count(*) FROM orders");
        assertThat(metadata.get("result").get("rows").get(0).get(0).asInt()).isEqualTo(7);
        assertThat(metadata.get("chart").get("type").asString()).isEqualTo("bar");
        assertThat(metadata.get("followUps").get(0).asString()).isEqualTo("Shipped per week?");
        assertThat(metadata.get("plan").get("steps").get(0).asString()).isEqualTo("count shipped orders");
        assertThat(metadata.get("datasetId").asString()).isNotBlank();

        get(ALICE, conversationId)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(conversationId.toString())
                .jsonPath("$.title")
                .isEqualTo("How many orders were shipped?");

        // Another tenant's user and another user of the same tenant see nothing, not even that it exists.
        for (var stranger : List.of(GARY, BOB)) {
            get(stranger, conversationId).expectStatus().isNotFound();
            rename(stranger, conversationId, "Mine now").expectStatus().isNotFound();
            delete(stranger, conversationId).expectStatus().isNotFound();
        }

        rename(ALICE, conversationId, "   ").expectStatus().isBadRequest();
        rename(ALICE, conversationId, "  Shipped\n  orders ")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Shipped orders");
        web.get()
                .uri("/api/conversations?size=100")
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[?(@.id == '%s')].title".formatted(conversationId))
                .isEqualTo("Shipped orders");

        delete(ALICE, conversationId).expectStatus().isNoContent();

        get(ALICE, conversationId).expectStatus().isNotFound();
        web.get()
                .uri("/api/conversations/{id}/messages", conversationId)
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isNotFound();
        web.get()
                .uri("/api/runs/{id}/events", runId)
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(count("select count(*) from messages where conversation_id = :id", conversationId))
                .isZero();
        assertThat(count("select count(*) from runs where conversation_id = :id", conversationId))
                .isZero();
        delete(ALICE, conversationId).expectStatus().isNotFound();
    }

    @Test
    void answers404ForAConversationThatNeverExisted() {
        var unknown = UUID.randomUUID();
        get(ALICE, unknown)
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        rename(ALICE, unknown, "Anything").expectStatus().isNotFound();
        delete(ALICE, unknown).expectStatus().isNotFound();
    }

    private JsonNode ask(String key, String question) {
        var body = web.post()
                .uri("/api/questions")
                .header("X-API-Key", key)
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("question", question))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return mapper.readTree(body);
    }

    private void answer(UUID runId, UUID conversationId) {
        var now = Instant.now();
        var sql = "SELECT count(*) FROM orders";
        var result = new ResultTable(List.of(new ResultColumn("count", "bigint")), List.of(List.of(7)), false);
        var chart = new ChartSpec("bar", "Shipped orders", "status", List.of("count"), "Status", "Orders");
        List<RunEvent> events = List.of(
                new RunStarted(UUID.randomUUID(), now, runId, conversationId, "acme", "How many orders were shipped?"),
                new StageCompleted(
                        UUID.randomUUID(),
                        now,
                        runId,
                        "plan",
                        "builtin",
                        "builtin",
                        Map.of("question", "How many orders were shipped?"),
                        Map.of("steps", List.of("count shipped orders")),
                        List.of()),
                new SqlGenerated(UUID.randomUUID(), now, runId, UUID.randomUUID(), "orders", 1, sql),
                new AnswerCompleted(
                        UUID.randomUUID(),
                        now,
                        runId,
                        conversationId,
                        "acme",
                        "7 orders were shipped.",
                        sql,
                        result,
                        chart,
                        List.of("Shipped per week?")));
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (var event : events) {
                producer.send(new ProducerRecord<>(
                        Topic.RUN_EVENTS.topicName(),
                        runId.toString(),
                        mapper.writerFor(RunEvent.class).writeValueAsString(event)));
            }
            producer.flush();
        }
    }

    private JsonNode assistantMessage(UUID conversationId) {
        var body = web.get()
                .uri("/api/conversations/{id}/messages", conversationId)
                .header("X-API-Key", ALICE)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        for (var message : mapper.readTree(body)) {
            if (message.get("role").asString().equals("assistant")) {
                return message;
            }
        }
        return null;
    }

    private WebTestClient.ResponseSpec get(String key, UUID conversationId) {
        return web.get()
                .uri("/api/conversations/{id}", conversationId)
                .header("X-API-Key", key)
                .exchange();
    }

    private WebTestClient.ResponseSpec rename(String key, UUID conversationId, String title) {
        return web.patch()
                .uri("/api/conversations/{id}", conversationId)
                .header("X-API-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", title))
                .exchange();
    }

    private WebTestClient.ResponseSpec delete(String key, UUID conversationId) {
        return web.delete()
                .uri("/api/conversations/{id}", conversationId)
                .header("X-API-Key", key)
                .exchange();
    }

    private long count(String sql, UUID conversationId) {
        return db.sql(sql)
                .bind("id", conversationId)
                .map(row -> row.get(0, Long.class))
                .one()
                .block(Duration.ofSeconds(10));
    }
}
