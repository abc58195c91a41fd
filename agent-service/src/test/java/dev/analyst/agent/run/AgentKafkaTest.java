package dev.analyst.agent.run;

import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.contracts.dataset.WarehouseSchema;
import dev.analyst.contracts.run.RunEvent;
import dev.analyst.contracts.step.StepRequest;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the agent's integration tests share: a real broker to publish questions and step results to
 * and to read what the agent publishes, and a way to give a tenant a dataset.
 */
abstract class AgentKafkaTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().environment().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    JsonMapper mapper;

    @Autowired
    WebTestClient web;

    KafkaProducer<String, String> producer;
    KafkaConsumer<String, String> consumer;
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

    /** Publishes a dataset {@code homes} of bigint columns for the tenant. */
    UUID homes(String tenant, String... columns) {
        return dataset(
                tenant,
                "homes",
                java.util.Arrays.stream(columns)
                        .map(name -> new ColumnSchema(name, name, "bigint", false, List.of(), null))
                        .toList());
    }

    /**
     * Publishes a one-table dataset of the given columns for the tenant and waits until the agent's
     * catalog has it (it learns of datasets from Kafka; questions wait for it, as the launcher does).
     */
    UUID dataset(String tenant, String name, List<ColumnSchema> columns) {
        var datasetId = UUID.randomUUID();
        publish(new DatasetReady(
                UUID.randomUUID(),
                Instant.now(),
                datasetId,
                tenant,
                name,
                1,
                new WarehouseSchema("warehouse_" + tenant),
                List.of(new TableSchema(name, name, 3, columns, List.of(), null))));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> web.get()
                        .uri("/internal/catalog/" + tenant)
                        .exchange()
                        .expectBody()
                        .jsonPath("$[0].name")
                        .isEqualTo(name));
        return datasetId;
    }

    <T extends Event> List<T> events(Class<T> type, UUID runId) {
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

    /** What Prometheus would scrape from the service. */
    String scrape() {
        return web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .map(lines -> String.join("", lines))
                .block();
    }

    void publish(Event event) {
        var json = mapper.writerFor(Topic.of(event).payloadType()).writeValueAsString(event);
        producer.send(new ProducerRecord<>(Topic.of(event).topicName(), event.key(), json));
        producer.flush();
    }
}
