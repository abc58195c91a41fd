package dev.analyst.gateway.outbox;

import dev.analyst.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes pending outbox rows to Kafka and marks them published. Woken right after each commit
 * for latency, and on a short poll so rows a crash left behind still go out. Passes never overlap
 * within an instance; across instances {@code for update skip locked} keeps two relays from sending
 * the same row.
 */
@Component
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private final DatabaseClient db;
    private final TransactionalOperator transactions;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper mapper;
    private final Duration pollInterval;
    private final int batchSize;
    // Wake-ups not yet served; only the caller that raises it from zero starts a pass.
    private final AtomicInteger pending = new AtomicInteger();
    private volatile @Nullable Disposable poller;

    OutboxRelay(
            DatabaseClient db,
            TransactionalOperator transactions,
            KafkaTemplate<String, String> kafka,
            JsonMapper mapper,
            GatewayProperties properties) {
        this.db = db;
        this.transactions = transactions;
        this.kafka = kafka;
        this.mapper = mapper;
        this.pollInterval = properties.outbox().pollInterval();
        this.batchSize = properties.outbox().batchSize();
    }

    /** Asks for a pass soon; cheap, never blocks, safe from any thread. */
    public void wake() {
        if (pending.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int seen = pending.get();
        publishBatch()
                .onErrorResume(e -> {
                    log.warn("Outbox relay pass failed; the next poll retries", e);
                    return Mono.just(0);
                })
                .subscribe(published -> {
                    if (published >= batchSize) {
                        drain(); // a full batch: more rows are probably waiting
                    } else if (pending.addAndGet(-seen) != 0) {
                        drain();
                    }
                });
    }

    /** One pass: lock up to a batch of pending rows, send them, await every ack, mark them. */
    Mono<Integer> publishBatch() {
        return db.sql("""
                        select event_id, topic, record_key, payload, headers::text as headers
                        from outbox
                        where published_at is null
                        order by created_at, event_id
                        limit :limit
                        for update skip locked
                        """)
                .bind("limit", batchSize)
                .map((row, metadata) -> new Row(
                        row.get("event_id", UUID.class),
                        row.get("topic", String.class),
                        row.get("record_key", String.class),
                        row.get("payload", String.class),
                        row.get("headers", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0) : send(rows).then(markPublished(rows)))
                .as(transactions::transactional);
    }

    private Mono<Void> send(List<Row> rows) {
        // All sends start before any ack is awaited; the idempotent producer keeps them in order.
        return Mono.fromCallable(() ->
                        rows.stream().map(row -> kafka.send(toRecord(row))).toList())
                // A send can block on the first metadata fetch of a topic: keep it off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable)
                .concatMap(Mono::fromFuture)
                .then();
    }

    private Mono<Integer> markPublished(List<Row> rows) {
        var ids = rows.stream().map(Row::eventId).toArray(UUID[]::new);
        return db.sql("update outbox set published_at = now() where event_id = any(:ids)")
                .bind("ids", ids)
                .fetch()
                .rowsUpdated()
                .doOnNext(count -> log.debug("Published {} outbox event(s)", count))
                .map(Long::intValue);
    }

    private ProducerRecord<String, String> toRecord(Row row) {
        var headers = new RecordHeaders();
        mapper.readValue(row.headers(), HEADERS)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers);
    }

    @Override
    public void start() {
        poller = Flux.interval(pollInterval, pollInterval).subscribe(tick -> wake());
    }

    @Override
    public void stop() {
        var running = poller;
        if (running != null) {
            running.dispose();
            poller = null;
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    private record Row(UUID eventId, String topic, String key, String payload, String headers) {}
}
