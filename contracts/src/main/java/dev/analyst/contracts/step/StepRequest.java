package dev.analyst.contracts.step;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/** Work the agent hands to execution, keyed by run. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(StepRequested.class),
    @JsonSubTypes.Type(AnalysisRequested.class),
    @JsonSubTypes.Type(ChartRequested.class)
})
public sealed interface StepRequest extends Event permits StepRequested, AnalysisRequested, ChartRequested {

    UUID runId();

    UUID stepId();

    /** The tenant whose datasets the step may read. */
    String tenantId();

    UUID datasetId();

    /** The untrusted SQL whose rows the step works on. */
    String sql();

    @Override
    default String key() {
        return runId().toString();
    }
}
