package dev.analyst.agent.run;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.contracts.Topic;
import dev.analyst.contracts.run.SummaryDelta;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends the pieces of a summary straight to the run's stream as they are written, past the outbox: a
 * piece is a courtesy a client shows while it waits, and {@code SummaryWritten}, which goes through
 * the outbox with the run's state, carries the whole answer.
 */
@Component
class SummaryDeltas {

    private final KafkaTemplate<String, String> kafka;
    private final EventCodec codec;

    SummaryDeltas(KafkaTemplate<String, String> kafka, EventCodec codec) {
        this.kafka = kafka;
        this.codec = codec;
    }

    /** A sink for one run's summary: each piece becomes the next {@link SummaryDelta}. */
    Consumer<String> of(UUID runId) {
        var sequence = new int[] {0};
        return piece -> {
            var delta = new SummaryDelta(UUID.randomUUID(), Instant.now(), runId, sequence[0]++, piece);
            kafka.send(Topic.RUN_EVENTS.topicName(), delta.key(), codec.write(delta));
        };
    }
}
