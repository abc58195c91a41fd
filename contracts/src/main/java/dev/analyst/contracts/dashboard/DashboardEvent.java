package dev.analyst.contracts.dashboard;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/**
 * The current dashboard of each dataset, keyed by dataset id on a compacted topic, so a consumer that
 * reads it from the start knows every dataset's dashboard.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(DashboardPublished.class)})
public sealed interface DashboardEvent extends Event permits DashboardPublished {

    UUID datasetId();

    @Override
    default String key() {
        return datasetId().toString();
    }
}
