package dev.analyst.analytics.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Sends a record that cannot be processed to {@code <topic>.DLT}, with the failure in the usual Spring
 * Kafka exception headers, and waits until the broker has it: used by the error handler after retries,
 * and directly by batch listeners for the records of a batch that are invalid on their own.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetters(KafkaOperations<?, ?> template) {
        // Partition -1 lets Kafka choose, so the DLT need not mirror the source topic's partitions.
        this.recoverer = new DeadLetterPublishingRecoverer(
                template, (record, exception) -> new TopicPartition(record.topic() + ".DLT", -1));
    }

    public void send(ConsumerRecord<?, ?> record, Exception cause) {
        log.warn(
                "Dead-lettering {}-{}@{}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                NestedExceptionUtils.getMostSpecificCause(cause).toString());
        recoverer.accept(record, cause);
    }
}
