package dev.analyst.contracts.run;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/**
 * Something that happened during a run, keyed by run so a client sees a run's events in order. A run
 * ends with exactly one terminal event: {@link AnswerCompleted} or {@link RunFailed}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(RunStarted.class),
    @JsonSubTypes.Type(ProgressReported.class),
    @JsonSubTypes.Type(StageCompleted.class),
    @JsonSubTypes.Type(SqlGenerated.class),
    @JsonSubTypes.Type(ResultProduced.class),
    @JsonSubTypes.Type(ChartDesigned.class),
    @JsonSubTypes.Type(SummaryDelta.class),
    @JsonSubTypes.Type(SummaryWritten.class),
    @JsonSubTypes.Type(AnswerCompleted.class),
    @JsonSubTypes.Type(RunFailed.class)
})
public sealed interface RunEvent extends Event
        permits RunStarted,
                ProgressReported,
                StageCompleted,
                SqlGenerated,
                ResultProduced,
                ChartDesigned,
                SummaryDelta,
                SummaryWritten,
                AnswerCompleted,
                RunFailed {

    UUID runId();

    @Override
    default String key() {
        return runId().toString();
    }

    /** Whether nothing follows this event in its run. */
    default boolean terminal() {
        return this instanceof AnswerCompleted || this instanceof RunFailed;
    }
}
