package dev.analyst.ingestion.events;

import dev.analyst.ingestion.IngestionProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and marks them published once the broker
 * acknowledged them. Woken right after each commit for latency, and polling as well so rows left by
 * a crash go out after a restart. Rows are claimed with {@code SKIP LOCKED}, so several instances
 * can run; a row is published at least once.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper mapper;
    private final IngestionProperties.Relay settings;
    private final Counter published;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private @Nullable Thread worker;

    OutboxRelay(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, String> kafka,
            JsonMapper mapper,
            IngestionProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.mapper = mapper;
        this.settings = properties.relay();
        this.published = Counter.builder("analyst.ingestion.outbox.published")
                .description("Outbox events published to Kafka")
                .register(meters);
    }

    /** Asks the relay to look for new rows now rather than at its next poll. */
    void wake() {
        wakeUps.release();
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofVirtual().name("outbox-relay").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        var thread = worker;
        if (thread != null) {
            wakeUps.release();
            try {
                thread.join(settings.sendTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                while (running && drainBatch() == settings.batchSize()) {
                    // A full batch: there may be more, go on without waiting.
                }
            } catch (RuntimeException e) {
                log.warn("Publishing the outbox failed, retrying: {}", e.toString());
            }
            try {
                wakeUps.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Publishes one batch in one transaction; a failed send rolls back, leaving the rows pending. */
    int drainBatch() {
        Integer count = transactions.execute(status -> {
            var rows = jdbc.query(
                    """
                    SELECT event_id, topic, record_key, payload, headers::text AS headers
                      FROM ingestion.outbox
                     WHERE published_at IS NULL
                     ORDER BY created_at, event_id
                     LIMIT ?
                       FOR UPDATE SKIP LOCKED
                    """,
                    (rs, n) -> new PendingRow(
                            rs.getObject("event_id", UUID.class),
                            rs.getString("topic"),
                            rs.getString("record_key"),
                            rs.getString("payload"),
                            mapper.readValue(rs.getString("headers"), HEADERS)),
                    settings.batchSize());
            for (var row : rows) {
                try {
                    kafka.send(EventRecords.record(row.topic(), row.key(), row.payload(), row.headers()))
                            .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while publishing " + row.eventId(), e);
                } catch (Exception e) {
                    throw new IllegalStateException("Could not publish " + row.eventId(), e);
                }
                jdbc.update("UPDATE ingestion.outbox SET published_at = now() WHERE event_id = ?", row.eventId());
                published.increment();
            }
            return rows.size();
        });
        return count == null ? 0 : count;
    }

    private record PendingRow(UUID eventId, String topic, String key, String payload, Map<String, String> headers) {}
}
