package dev.analyst.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.Event;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.run.AnswerCompleted;
import dev.analyst.contracts.run.ProgressReported;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.step.StepRequest;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.Usage;
import dev.analyst.infra.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class RunCoordinatorIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    JsonMapper mapper;

    @Autowired
    WebTestClient web;

    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private final List<Event> seen = new ArrayList<>();

    @BeforeEach
    void connect() {
        var bootstrap = Infrastructure.shared().kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "agent-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> consumer.listTopics()
                        .keySet()
                        .containsAll(List.of(
                                Topic.STEPS.topicName(), Topic.RUN_EVENTS.topicName(), Topic.USAGE.topicName())));
        consumer.subscribe(List.of(Topic.STEPS.topicName(), Topic.RUN_EVENTS.topicName(), Topic.USAGE.topicName()));
    }

    @AfterEach
    void disconnect() {
        producer.close();
        consumer.close();
    }

    @Test
    void plansAQuestionRunsItsStepAndAnswersOnceEvenWhenEventsArriveTwice() {
        var tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        var datasetId = homes(tenant, "price");
        var runId = UUID.randomUUID();
        var question = new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                UUID.randomUUID(),
                tenant,
                "u1",
                "What is the average price?",
                "homes");
        publish(question);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(events(StepRequested.class, runId)).isNotEmpty());

        var step = events(StepRequested.class, runId).getFirst();
        assertThat(step.sql()).isEqualTo("SELECT avg(price) AS average_price FROM homes");
        assertThat(step.datasetId()).isEqualTo(datasetId);

        var result = new StepSucceeded(
                UUID.randomUUID(),
                Instant.now(),
                runId,
                step.stepId(),
                new ResultTable(
                        List.of(new ResultColumn("average_price", "numeric")), List.of(List.of(250000.5)), false),
                3);
        publish(result);
        publish(result);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var answers = events(AnswerCompleted.class, runId);
            assertThat(answers).hasSize(1);
            assertThat(answers.getFirst().text()).contains("250,000.50");
            assertThat(answers.getFirst().chart().type()).isEqualTo("number");
        });
        publish(question);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(events(StepRequested.class, runId)).hasSize(1);
            assertThat(events(AnswerCompleted.class, runId)).hasSize(1);
        });
        assertThat(events(ModelCalled.class, runId))
                .extracting(ModelCalled::stage)
                .containsExactlyInAnyOrder("plan", "summarise", "chart");
    }

    @Test
    void readsAFollowUpAgainstThePreviousQuestionOfTheConversation() {
        var tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        homes(tenant, "price", "bedrooms", "stories");
        var conversation = UUID.randomUUID();
        var first = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                first,
                conversation,
                tenant,
                "u1",
                "Show the average price by bedrooms",
                null));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(events(StepRequested.class, first)).isNotEmpty());

        var second = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                second,
                conversation,
                tenant,
                "u1",
                "and by number of stories?",
                null));
        var elsewhere = UUID.randomUUID();
        publish(new QuestionAsked(
                UUID.randomUUID(),
                Instant.now(),
                elsewhere,
                UUID.randomUUID(),
                tenant,
                "u1",
                "and by number of stories?",
                null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events(StepRequested.class, second))
                    .singleElement()
                    .satisfies(step -> assertThat(step.sql())
                            .isEqualTo("SELECT stories, avg(price) AS average_price FROM homes GROUP BY stories"
                                    + " ORDER BY stories"));
            assertThat(events(ProgressReported.class, second))
                    .extracting(ProgressReported::message)
                    .contains("Read as a follow-up: Show the average price by number of stories");
            assertThat(events(ProgressReported.class, elsewhere))
                    .as("another conversation has no previous question")
                    .isNotEmpty()
                    .extracting(ProgressReported::message)
                    .noneMatch(message -> message.startsWith("Read as a follow-up"));
        });
    }

    /**
     * Publishes a dataset {@code homes} of bigint columns for the tenant and waits until the agent's
     * catalog has it (it learns of datasets from Kafka; questions wait for it, as the launcher does).
     */
    private UUID homes(String tenant, String... columns) {
        var datasetId = UUID.randomUUID();
        publish(new DatasetReady(
                UUID.randomUUID(),
                Instant.now(),
                datasetId,
                tenant,
                "homes",
                1,
                new WarehouseSchema("warehouse_" + tenant),
                List.of(new TableSchema(
                        "homes",
                        "homes",
                        3,
                        java.util.Arrays.stream(columns)
                                .map(name -> new ColumnSchema(name, name, "bigint", false, List.of(), null))
                                .toList(),
                        List.of(),
                        null))));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> web.get()
                        .uri("/internal/catalog/" + tenant)
                        .exchange()
                        .expectBody()
                        .jsonPath("$[0].name")
                        .isEqualTo("homes"));
        return datasetId;
    }

    private <T extends Event> List<T> events(Class<T> type, UUID runId) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
            var topic = Topic.valueOf(
                    switch (record.topic()) {
                        case "analyst.steps.v1" -> "STEPS";
                        case "analyst.run-events.v1" -> "RUN_EVENTS";
                        default -> "USAGE";
                    });
            seen.add((Event) mapper.readValue(record.value(), topic.payloadType()));
        }
        return seen.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(event -> switch (event) {
                    case StepRequest step -> step.runId().equals(runId);
                    case RunEvent run -> run.runId().equals(runId);
                    case Usage usage -> usage.runId().equals(runId);
                    default -> false;
                })
                .toList();
    }

    private void publish(Event event) {
        var json = mapper.writerFor(Topic.of(event).payloadType()).writeValueAsString(event);
        producer.send(new ProducerRecord<>(Topic.of(event).topicName(), event.key(), json));
        producer.flush();
    }
}
