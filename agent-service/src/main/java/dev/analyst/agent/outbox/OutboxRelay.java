package dev.analyst.agent.outbox;

import dev.analyst.agent.AgentProperties;
import dev.analyst.contracts.CloudEventHeaders;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Publishes outbox rows in the order they were written and deletes them once Kafka acknowledged them.
 * Woken right after each commit for latency, and swept on a timer so rows a crash left behind still go
 * out. A row published but not yet deleted when the process dies is published again: consumers drop
 * the duplicate by its event id.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final DatabaseClient database;
    private final TransactionalOperator transactions;
    private final KafkaTemplate<String, String> kafka;
    private final AgentProperties properties;
    /**
     * Replaced at each start: a unicast sink takes one subscriber for its lifetime, and a relay that
     * was stopped (a paused test context, a lifecycle restart) must be able to start again.
     */
    private volatile Sinks.Many<Boolean> wakeUps = Sinks.many().unicast().onBackpressureBuffer();

    private volatile Disposable relaying = Disposables.disposed();

    record Pending(long seq, UUID eventId, String topic, String key, String payload, String type, Instant occurredAt) {
        static Pending from(Readable row) {
            return new Pending(
                    row.get("seq", Long.class),
                    row.get("event_id", UUID.class),
                    row.get("topic", String.class),
                    row.get("record_key", String.class),
                    row.get("payload", String.class),
                    row.get("event_type", String.class),
                    row.get("occurred_at", Instant.class));
        }
    }

    OutboxRelay(
            DatabaseClient database,
            TransactionalOperator transactions,
            KafkaTemplate<String, String> kafka,
            AgentProperties properties) {
        this.database = database;
        this.transactions = transactions;
        this.kafka = kafka;
        this.properties = properties;
    }

    /**
     * Asks for a drain soon; many wake-ups in a burst collapse into one drain. Commits finish on many
     * threads at once, and a sink refuses an emission racing another: retry rather than drop it, since
     * a dropped wake-up would leave the events for the timer, hundreds of milliseconds later.
     */
    public void wakeUp() {
        wakeUps.emitNext(Boolean.TRUE, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    @Override
    public void start() {
        var timer = Flux.interval(properties.outboxPollInterval()).map(tick -> Boolean.TRUE);
        wakeUps = Sinks.many().unicast().onBackpressureBuffer();
        relaying = Flux.merge(wakeUps.asFlux(), timer)
                .onBackpressureLatest()
                .concatMap(
                        ignored -> drain().onErrorResume(error -> {
                            log.warn("Outbox relay failed, retrying on the next wake-up: {}", error.toString());
                            return Mono.just(0);
                        }),
                        1)
                .subscribe();
    }

    /** Publishes every pending row, batch by batch; answers how many went out. */
    Mono<Integer> drain() {
        return drainBatch()
                .expand(sent -> sent == BATCH ? drainBatch() : Mono.empty())
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> drainBatch() {
        var batch = database.sql("SELECT seq, event_id, topic, record_key, payload, event_type, occurred_at FROM outbox"
                        + " ORDER BY seq LIMIT :limit FOR UPDATE SKIP LOCKED")
                .bind("limit", BATCH)
                .map(Pending::from)
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0) : publish(rows).then(delete(rows)));
        return batch.as(transactions::transactional);
    }

    /** Sends all rows before waiting: the idempotent producer keeps them in order per partition. */
    private Mono<Void> publish(List<Pending> rows) {
        var sends = rows.stream()
                .map(row -> Mono.fromFuture(kafka.send(record(row))))
                .toList();
        return Flux.mergeSequential(sends).then();
    }

    private Mono<Integer> delete(List<Pending> rows) {
        var seqs = rows.stream().map(Pending::seq).toArray(Long[]::new);
        return database.sql("DELETE FROM outbox WHERE seq = ANY(:seqs)")
                .bind("seqs", seqs)
                .fetch()
                .rowsUpdated()
                .thenReturn(rows.size());
    }

    private static ProducerRecord<String, String> record(Pending row) {
        var record = new ProducerRecord<String, String>(row.topic(), row.key(), row.payload());
        var headers = CloudEventHeaders.of(row.eventId(), row.type(), row.key(), row.occurredAt(), "agent-service");
        headers.forEach((name, value) -> record.headers().add(name, value));
        return record;
    }

    @Override
    public void stop() {
        relaying.dispose();
    }

    @Override
    public boolean isRunning() {
        return !relaying.isDisposed();
    }
}
