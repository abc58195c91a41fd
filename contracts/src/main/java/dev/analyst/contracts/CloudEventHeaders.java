package dev.analyst.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudEvents 1.0 attributes of an event in Kafka binary mode: {@code ce_*} headers beside a
 * plain JSON value, so a console consumer reads the payload as it is.
 */
public final class CloudEventHeaders {

    public static final String TYPE_PREFIX = "dev.analyst.";

    private CloudEventHeaders() {}

    /** Header name to UTF-8 value, in a stable order. */
    public static Map<String, byte[]> of(Event event, String source) {
        return of(event.eventId(), event.getClass().getSimpleName(), event.key(), event.occurredAt(), source);
    }

    /**
     * The same headers from an event's stored attributes, for a relay that publishes events it kept as
     * JSON (an outbox).
     *
     * @param recordName the simple name of the event record, such as {@code QuestionAsked}
     */
    public static Map<String, byte[]> of(
            UUID eventId, String recordName, String key, Instant occurredAt, String source) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", eventId.toString());
        headers.put("ce_source", source);
        headers.put("ce_type", TYPE_PREFIX + recordName);
        headers.put("ce_time", occurredAt.toString());
        headers.put("ce_subject", key);
        headers.put("content-type", "application/json");
        var bytes = new LinkedHashMap<String, byte[]>();
        headers.forEach((name, value) -> bytes.put(name, value.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }
}
