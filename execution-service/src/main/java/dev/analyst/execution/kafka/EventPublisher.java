package dev.analyst.execution.kafka;

import dev.analyst.contracts.CloudEventHeaders;
import dev.analyst.contracts.Event;
import dev.analyst.contracts.Topic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes an event on its topic as JSON (with its sealed interface's type discriminator) and CloudEvents
 * headers, keyed as the event says.
 */
@Component
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    /** The {@code ce_source} of everything execution publishes. */
    public static final String SOURCE = "execution-service";

    private final KafkaTemplate<String, String> kafka;

    private final JsonMapper mapper;

    EventPublisher(KafkaTemplate<String, String> kafka, JsonMapper mapper) {
        this.kafka = kafka;
        this.mapper = mapper;
    }

    /**
     * Creates the producer and fetches the step results topic's metadata now, off the startup thread, so
     * the first step's result does not wait for them.
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

    /** Completes once the broker acknowledged the record. */
    public Mono<Void> publish(Event event) {
        return Mono.fromCallable(() -> toRecord(event))
                // send() can block while it fetches metadata or waits for buffer space; keep that off the
                // database driver's event loop.
                .publishOn(Schedulers.boundedElastic())
                .flatMap(record -> Mono.fromFuture(() -> kafka.send(record)))
                .then();
    }

    /**
     * Publishes a tombstone for {@code key} on a compacted topic: compaction then drops every record of
     * the key, and consumers that keep the latest record forget it.
     */
    public Mono<Void> tombstone(Topic topic, String key) {
        return Mono.fromCallable(() -> new ProducerRecord<String, String>(topic.topicName(), key, null))
                .publishOn(Schedulers.boundedElastic())
                .flatMap(record -> Mono.fromFuture(() -> kafka.send(record)))
                .then();
    }

    private ProducerRecord<String, String> toRecord(Event event) {
        Topic topic = Topic.of(event);
        String json = mapper.writerFor(topic.payloadType()).writeValueAsString(event);
        var record = new ProducerRecord<String, String>(topic.topicName(), event.key(), json);
        CloudEventHeaders.of(event, SOURCE).forEach(record.headers()::add);
        return record;
    }
}
