package dev.analyst.agent.run;

import dev.analyst.agent.messaging.EventCodec;
import dev.analyst.contracts.question.AnswerRated;
import dev.analyst.contracts.question.Question;
import dev.analyst.contracts.question.QuestionAsked;
import dev.analyst.contracts.question.RunCancelRequested;
import dev.analyst.contracts.step.StepResult;
import java.time.Duration;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds questions and step results into the run state machine. Each record is handled to the end
 * before its offset is committed, on the listener's own thread (never an event loop), so a crash
 * means a redelivery, which the coordinator absorbs.
 */
@Component
class RunListeners {

    /**
     * Model calls may take a while: each has its own time limit, and a handling spends at most
     * {@code Stages.HOSTED_TIME} on hosted models before the built-in model takes over. This stays
     * well inside the poll interval configured for the listener, so a slow run is not taken for a
     * dead consumer.
     */
    private static final Duration HANDLING_LIMIT = Duration.ofMinutes(8);

    private final RunCoordinator coordinator;
    private final EventCodec codec;

    RunListeners(RunCoordinator coordinator, EventCodec codec) {
        this.coordinator = coordinator;
        this.codec = codec;
    }

    @KafkaListener(topics = "analyst.questions.v1")
    void onQuestion(String json) {
        switch (codec.read(json, Question.class)) {
            case QuestionAsked asked -> {
                try (var ignored = MDC.putCloseable("runId", asked.runId().toString())) {
                    coordinator.onQuestion(asked).block(HANDLING_LIMIT);
                }
            }
            case AnswerRated rated -> {
                try (var ignored = MDC.putCloseable("runId", rated.runId().toString())) {
                    coordinator.onAnswerRated(rated).block(HANDLING_LIMIT);
                }
            }
            case RunCancelRequested cancel -> {
                try (var ignored = MDC.putCloseable("runId", cancel.runId().toString())) {
                    coordinator.onCancel(cancel).block(HANDLING_LIMIT);
                }
            }
        }
    }

    @KafkaListener(topics = "analyst.step-results.v1")
    void onStepResult(String json) {
        var result = codec.read(json, StepResult.class);
        try (var ignored = MDC.putCloseable("runId", result.runId().toString())) {
            coordinator.onStepResult(result).block(HANDLING_LIMIT);
        }
    }
}
