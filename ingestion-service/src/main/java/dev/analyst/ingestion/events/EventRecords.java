package dev.analyst.ingestion.events;

import dev.analyst.contracts.CloudEventHeaders;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.DatasetEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** How a dataset event becomes a Kafka record: JSON value with its type, CloudEvents headers, keyed by dataset. */
@Component
class EventRecords {

    static final String SOURCE = "ingestion-service";

    private final JsonMapper mapper;

    EventRecords(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The JSON of an event, written from the sealed type so the {@code type} discriminator is included. */
    String json(DatasetEvent event) {
        return mapper.writerFor(DatasetEvent.class).writeValueAsString(event);
    }

    DatasetEvent parse(String json) {
        return mapper.readValue(json, DatasetEvent.class);
    }

    /** The CloudEvents headers as text, the form the outbox stores them in. */
    static Map<String, String> headers(DatasetEvent event) {
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

    ProducerRecord<String, String> record(DatasetEvent event) {
        return record(Topic.of(event).topicName(), event.key(), json(event), headers(event));
    }
}
