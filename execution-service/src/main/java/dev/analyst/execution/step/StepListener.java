package dev.analyst.execution.step;

import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.ChartRequested;
import dev.analyst.contracts.step.StepRequest;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.execution.kafka.EventPublisher;
import dev.analyst.execution.kafka.UnreadableEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Consumes requested steps. The listener returns a {@link Mono}, so the container acknowledges each
 * record once its result is published and keeps consuming meanwhile; a slow query does not hold up the
 * other runs on its partition.
 */
@Component
class StepListener {

    private final JsonMapper mapper;

    private final StepExecutor executor;

    private final EventPublisher publisher;

    StepListener(JsonMapper mapper, StepExecutor executor, EventPublisher publisher) {
        this.mapper = mapper;
        this.executor = executor;
        this.publisher = publisher;
    }

    @KafkaListener(id = "steps", idIsGroup = false, topics = "#{T(dev.analyst.contracts.Topic).STEPS.topicName()}")
    Mono<Void> onStep(ConsumerRecord<String, @Nullable String> record) {
        // Deferred, so an unreadable record fails the Mono (and reaches the DLT) instead of the call.
        return Mono.defer(() -> {
            StepRequest step = read(record.value());
            return executor.execute(step).flatMap(publisher::publish);
        });
    }

    private StepRequest read(@Nullable String json) {
        if (json == null) {
            throw new UnreadableEvent("A step record without a value");
        }
        StepRequest request;
        try {
            request = mapper.readValue(json, StepRequest.class);
        } catch (JacksonException e) {
            throw new UnreadableEvent("Not a step request: " + e.getOriginalMessage(), e);
        }
        return requireComplete(request);
    }

    @SuppressWarnings("ConstantValue") // JSON may omit what the record declares non-null.
    private static StepRequest requireComplete(StepRequest step) {
        boolean incomplete = step.eventId() == null
                || step.runId() == null
                || step.stepId() == null
                || step.tenantId() == null
                || step.datasetId() == null
                || step.sql() == null;
        boolean withoutWork = switch (step) {
            case StepRequested ignored -> false;
            case AnalysisRequested analysis -> analysis.analysis() == null;
            case ChartRequested chart -> chart.chart() == null;
        };
        if (incomplete || withoutWork) {
            throw new UnreadableEvent(step.getClass().getSimpleName() + " " + step.eventId()
                    + " lacks an id, its tenant, dataset, SQL or the work asked for");
        }
        return step;
    }
}
