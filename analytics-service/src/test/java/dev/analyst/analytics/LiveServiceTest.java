package dev.analyst.analytics;

import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.CloudEventHeaders;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import dev.analyst.infra.Infrastructure;
import dev.analyst.infra.TcpProxy;
import java.time.Duration;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service against real PostgreSQL and Kafka (embedded infrastructure). Every integration test
 * extends this, so they all share one application context: a second context would join the same
 * consumer group and take some of the partitions, and its events would be counted where no test looks.
 * The service reaches PostgreSQL through a {@link TcpProxy}, so that a test can cut it off the database
 * (an outage as the service sees it) while the shared server stays up.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "analyst.analytics.admin-key=" + LiveServiceTest.ADMIN_KEY,
            // The in-process broker logs through this application's logging: keep its chatter out.
            "logging.level.kafka=WARN",
            "logging.level.org.apache.kafka=WARN"
        })
@AutoConfigureWebTestClient(timeout = "30s") // a shared 2-core CI machine can take more than the default 5 s
public abstract class LiveServiceTest {

    protected static final String ADMIN_KEY = "it-admin-key";

    private static KafkaProducer<String, String> producer;

    /** The service's way to PostgreSQL (R2DBC; Flyway migrates directly). */
    protected static TcpProxy database;

    @Autowired
    protected WebTestClient client;

    @Autowired
    protected JsonMapper mapper;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        var infrastructure = Infrastructure.shared();
        infrastructure.environment().forEach((name, value) -> registry.add(name, () -> value));
        database = TcpProxy.to(infrastructure.dbHost(), infrastructure.dbPort());
        var name = infrastructure.environment().get("ANALYST_DB_NAME");
        registry.add(
                "spring.r2dbc.url",
                () -> "r2dbc:postgresql://127.0.0.1:" + database.port() + "/" + name + "?schema=analytics");
    }

    @BeforeAll
    static void startProducer() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Infrastructure.shared().kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    @AfterAll
    static void stopProducer() {
        producer.close();
    }

    /** A GET of the admin API with the admin key. */
    protected WebTestClient.ResponseSpec admin(String uri) {
        return client.get()
                .uri(uri)
                .headers(headers -> headers.setBearerAuth(ADMIN_KEY))
                .exchange();
    }

    /** Publishes an event on its topic, keyed and with headers as the services publish it, and waits for the ack. */
    protected void publish(Event event) {
        var topic = Topic.of(event);
        var record = new ProducerRecord<String, String>(
                topic.topicName(),
                event.key(),
                mapper.writerFor(topic.payloadType()).writeValueAsString(event));
        CloudEventHeaders.of(event, "analytics-it")
                .forEach((name, value) -> record.headers().add(name, value));
        send(record);
    }

    protected static void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + record.topic(), e);
        }
    }

    /** Waits until the usage topic's dead-letter topic holds every one of the values. */
    protected static void awaitDeadLetters(String... values) {
        var seen = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Infrastructure.shared().kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "analytics-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topic.USAGE.deadLetterTopicName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> seen.add(record.value()));
                return seen.containsAll(List.of(values));
            });
        }
    }
}
