package dev.analyst.agent.outbox;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events to the outbox inside the caller's transaction, so an event exists exactly when the
 * state it describes was committed. The {@link OutboxRelay} publishes them.
 */
@Component
public class Outbox {

    private final DatabaseClient database;
    private final EventCodec codec;

    Outbox(DatabaseClient database, EventCodec codec) {
        this.database = database;
        this.codec = codec;
    }

    /** Appends in order; an event id already in the outbox is skipped, which keeps a replay harmless. */
    public Mono<Void> append(List<? extends Event> events) {
        return Flux.fromIterable(events)
                .concatMap(event -> database.sql("""
                                INSERT INTO outbox (event_id, topic, record_key, payload, event_type, occurred_at)
                                VALUES (:eventId, :topic, :key, :payload, :type, :occurredAt)
                                ON CONFLICT (event_id) DO NOTHING""")
                        .bind("eventId", event.eventId())
                        .bind("topic", Topic.of(event).topicName())
                        .bind("key", event.key())
                        .bind("payload", codec.write(event))
                        .bind("type", event.getClass().getSimpleName())
                        .bind("occurredAt", event.occurredAt())
                        .then())
                .then();
    }
}
