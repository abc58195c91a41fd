package dev.analyst.execution.step;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.execution.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Publishes step results as JSON with CloudEvents headers, keyed by run so a run's results stay in order. */
@Component
class StepResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(StepResultPublisher.class);

    private final KafkaTemplate<String, String> kafka;

    private final EventPublisher events;

    StepResultPublisher(KafkaTemplate<String, String> kafka, EventPublisher events) {
        this.kafka = kafka;
        this.events = events;
    }

    /**
     * Creates the producer and fetches the topic's metadata now, off the startup thread, so the first
     * result does not wait for them.
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.startVirtualThread(() -> {
            try {
                kafka.partitionsFor(Topic.STEP_RESULTS.topicName());
            } catch (RuntimeException e) {
                log.warn("Kafka is not reachable yet: {}", e.getMessage());
            }
        });
    }

    Mono<Void> publish(StepResult result) {
        return events.publish(result);
    }
}
