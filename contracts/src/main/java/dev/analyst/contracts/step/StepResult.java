package dev.analyst.contracts.step;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/** How a requested step ended, keyed by run. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(StepSucceeded.class),
    @JsonSubTypes.Type(AnalysisSucceeded.class),
    @JsonSubTypes.Type(ChartHydrated.class),
    @JsonSubTypes.Type(StepFailed.class)
})
public sealed interface StepResult extends Event permits StepSucceeded, AnalysisSucceeded, ChartHydrated, StepFailed {

    UUID runId();

    UUID stepId();

    @Override
    default String key() {
        return runId().toString();
    }
}
