package dev.analyst.contracts.dashboard;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/** What a user asks of a dataset's dashboard, keyed by dataset id so one dataset's commands stay in order. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(DashboardRequested.class), @JsonSubTypes.Type(ChartPinned.class)})
public sealed interface DashboardCommand extends Event permits DashboardRequested, ChartPinned {

    UUID datasetId();

    String tenantId();

    @Override
    default String key() {
        return datasetId().toString();
    }
}
