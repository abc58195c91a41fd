package dev.analyst.ingestion.events;

import dev.analyst.contracts.CloudEventHeaders;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a dataset event (a {@code DatasetReady} or a load's progress) becomes a Kafka record: JSON value
 * with its type, CloudEvents headers, keyed by dataset, on the topic its sealed type belongs to.
 */
@Component
class EventRecords {

    static final String SOURCE = "ingestion-service";

    private final JsonMapper mapper;

    EventRecords(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The JSON of an event, written from its topic's sealed type so the {@code type} discriminator is included. */
    String json(Event event) {
        return mapper.writerFor(Topic.of(event).payloadType()).writeValueAsString(event);
    }

    /** The CloudEvents headers as text, the form the outbox stores them in. */
    static Map<String, String> headers(Event event) {
        var headers = new LinkedHashMap<String, String>();
        CloudEventHeaders.of(event, SOURCE)
                .forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
        return headers;
    }

    static ProducerRecord<String, String> record(String topic, String key, String json, Map<String, String> headers) {
        var record = new ProducerRecord<String, String>(topic, key, json);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    ProducerRecord<String, String> record(Event event) {
        return record(Topic.of(event).topicName(), event.key(), json(event), headers(event));
    }
}
