package dev.analyst.contracts.step;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/** Work the agent hands to execution, keyed by run. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(StepRequested.class)})
public sealed interface StepRequest extends Event permits StepRequested {

    UUID runId();

    @Override
    default String key() {
        return runId().toString();
    }
}
