package dev.analyst.analytics.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.analytics.LiveServiceTest;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.delivery.Failures;
import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.infra.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * PostgreSQL unreachable for longer than a defect's retries last: usage that arrives meanwhile waits and
 * is recorded once the database is back, without a restart, and never lands on the dead-letter topic; the
 * admin API answers 503 with {@code Retry-After} meanwhile.
 */
class DatabaseOutageIT extends LiveServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    // More failed deliveries than a defect's retries allow before it is dead-lettered.
    private static final long DELIVERIES =
            Failures.retries(Failures.Kind.DEFECT).maxRetries() + 4;

    @Autowired
    DatabaseClient databaseClient;

    @Autowired
    DefaultErrorHandler errorHandler;

    @AfterEach
    void restore() {
        database.restore();
        errorHandler.setRetryListeners();
    }

    @Test
    void usageArrivingDuringAnOutageIsRecordedAfterItNotDeadLettered() {
        var tenant = "tenant-" + UUID.randomUUID();
        var call = new ModelCalled(
                UUID.randomUUID(),
                Instant.parse("2025-09-07T10:00:00Z"),
                UUID.randomUUID(),
                tenant,
                "grace",
                "anthropic",
                "claude-haiku-4-5",
                "writer",
                100,
                10,
                0,
                900,
                300,
                true);
        var failedDeliveries = new AtomicInteger();
        errorHandler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {}

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
                for (var record : records) {
                    if (String.valueOf(record.value()).contains(call.eventId().toString())) {
                        failedDeliveries.incrementAndGet();
                        return;
                    }
                }
            }
        });

        database.cut();
        publish(call);
        await().atMost(PATIENCE).until(() -> failedDeliveries.get() >= DELIVERIES);

        admin("/api/analytics/usage/daily?from=2025-09-07&to=2025-09-07&tenantId=" + tenant)
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("The service is temporarily unavailable, try again shortly.");

        database.restore();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(calls(tenant)).isEqualTo(1));
        assertThat(deadLetters())
                .noneMatch(value -> value.contains(call.eventId().toString()));
    }

    private long calls(String tenant) {
        return databaseClient
                .sql("SELECT count(*) AS calls FROM model_call WHERE tenant_id = :tenant")
                .bind("tenant", tenant)
                .map(row -> Rows.require(row, "calls", Long.class))
                .one()
                .block(PATIENCE);
    }

    /** Everything on the usage dead-letter topic so far. */
    private static List<String> deadLetters() {
        var values = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Infrastructure.shared().kafkaBootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "analytics-outage-it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            var topic = Topic.USAGE.deadLetterTopicName();
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return values;
    }
}
