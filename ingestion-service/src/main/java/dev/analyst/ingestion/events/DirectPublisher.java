package dev.analyst.ingestion.events;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.DatasetEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends informational events (progress, failures) straight to Kafka without the outbox: losing one
 * in a crash costs a progress bar tick, not a dataset. Sends are not awaited.
 */
@Component
public class DirectPublisher {

    private static final Logger log = LoggerFactory.getLogger(DirectPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final EventRecords records;

    DirectPublisher(KafkaTemplate<String, String> kafka, EventRecords records) {
        this.kafka = kafka;
        this.records = records;
    }

    public void send(DatasetEvent event) {
        send(records.record(event), event);
    }

    /**
     * Sends an already published event again, byte for byte and with its original id, so consumers
     * that saw it drop it while a compacted topic keeps it as the latest record of its key.
     */
    public void resend(String json) {
        var event = records.parse(json);
        send(EventRecords.record(Topic.of(event).topicName(), event.key(), json, EventRecords.headers(event)), event);
    }

    private void send(ProducerRecord<String, String> record, DatasetEvent event) {
        try {
            kafka.send(record).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.warn(
                            "Could not send {} for dataset {}: {}",
                            event.getClass().getSimpleName(),
                            event.key(),
                            failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Could not send {} for dataset {}: {}",
                    event.getClass().getSimpleName(),
                    event.key(),
                    e.toString());
        }
    }
}
