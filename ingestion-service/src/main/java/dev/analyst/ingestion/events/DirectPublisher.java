package dev.analyst.ingestion.events;

import dev.analyst.contracts.dataset.DatasetProgress;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a load's progress and failure to {@code analyst.dataset-progress.v1} straight away, without the
 * outbox: losing one in a crash costs a progress bar tick, not a dataset (the load status in the
 * database is the record pollers read). Sends are not awaited.
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

    public void send(DatasetProgress event) {
        send(records.record(event), event);
    }

    private void send(ProducerRecord<String, String> record, DatasetProgress event) {
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
