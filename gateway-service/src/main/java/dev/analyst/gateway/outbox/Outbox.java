package dev.analyst.gateway.outbox;

import dev.analyst.contracts.CloudEventHeaders;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends an event to the outbox. Call it inside the transaction that makes the change the event
 * describes, then {@link OutboxRelay#wake() wake} the relay after the commit.
 */
@Component
public final class Outbox {

    static final String SOURCE = "gateway-service";

    private final DatabaseClient db;
    private final JsonMapper mapper;

    Outbox(DatabaseClient db, JsonMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    public Mono<Void> append(Event event) {
        var topic = Topic.of(event);
        // Written through the sealed interface so the JSON carries its "type" discriminator.
        var payload = mapper.writerFor(topic.payloadType()).writeValueAsString(event);
        var headers = new LinkedHashMap<String, String>();
        CloudEventHeaders.of(event, SOURCE)
                .forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        return db.sql("""
                        insert into outbox (event_id, topic, record_key, payload, headers)
                        values (:eventId, :topic, :key, :payload, cast(:headers as jsonb))
                        """)
                .bind("eventId", event.eventId())
                .bind("topic", topic.topicName())
                .bind("key", event.key())
                .bind("payload", payload)
                .bind("headers", mapper.writeValueAsString(headers))
                .fetch()
                .rowsUpdated()
                .then();
    }
}
