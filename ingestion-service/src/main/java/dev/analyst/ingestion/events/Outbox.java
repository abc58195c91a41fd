package dev.analyst.ingestion.events;

import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records events in the {@code ingestion.outbox} table inside the caller's transaction, so an event
 * is published if and only if the state change it announces committed, even across a crash.
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final EventRecords records;
    private final JsonMapper mapper;
    private final OutboxRelay relay;

    Outbox(JdbcTemplate jdbc, EventRecords records, JsonMapper mapper, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.records = records;
        this.mapper = mapper;
        this.relay = relay;
    }

    /**
     * Adds an event to the outbox; it is published after the surrounding transaction commits.
     *
     * @return the event's JSON, as it will be published
     * @throws IllegalStateException outside a transaction
     */
    public String append(Event event) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("The outbox is written inside the transaction of the change");
        }
        var json = records.json(event);
        jdbc.update(
                "INSERT INTO ingestion.outbox (event_id, topic, record_key, payload, headers) VALUES (?, ?, ?, ?, ?::jsonb)",
                event.eventId(),
                Topic.of(event).topicName(),
                event.key(),
                json,
                mapper.writeValueAsString(EventRecords.headers(event)));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        });
        return json;
    }
}
