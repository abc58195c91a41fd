package dev.analyst.contracts.usage;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/** Metered work, keyed by the run it served. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(ModelCalled.class)})
public sealed interface Usage extends Event permits ModelCalled {

    UUID runId();

    @Override
    default String key() {
        return runId().toString();
    }
}
