package dev.analyst.execution.step;

import dev.analyst.contracts.CloudEventHeaders;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.step.StepResult;
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

/** Publishes step results as JSON with CloudEvents headers, keyed by run so a run's results stay in order. */
@Component
class StepResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(StepResultPublisher.class);

    static final String SOURCE = "execution-service";

    private final KafkaTemplate<String, String> kafka;

    private final JsonMapper mapper;

    StepResultPublisher(KafkaTemplate<String, String> kafka, JsonMapper mapper) {
        this.kafka = kafka;
        this.mapper = mapper;
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
        return Mono.fromCallable(() -> toRecord(result))
                // send() can block while it fetches metadata or waits for buffer space; keep that off the
                // database driver's event loop.
                .publishOn(Schedulers.boundedElastic())
                .flatMap(record -> Mono.fromFuture(() -> kafka.send(record)))
                .then();
    }

    private ProducerRecord<String, String> toRecord(StepResult result) {
        String json = mapper.writerFor(StepResult.class).writeValueAsString(result);
        var record = new ProducerRecord<String, String>(Topic.STEP_RESULTS.topicName(), result.key(), json);
        CloudEventHeaders.of(result, SOURCE).forEach(record.headers()::add);
        return record;
    }
}
