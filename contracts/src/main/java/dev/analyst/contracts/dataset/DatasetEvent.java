package dev.analyst.contracts.dataset;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/** A dataset's life, keyed by dataset id on a compacted topic. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(IngestionProgressed.class),
    @JsonSubTypes.Type(DatasetReady.class),
    @JsonSubTypes.Type(DatasetFailed.class)
})
public sealed interface DatasetEvent extends Event permits IngestionProgressed, DatasetReady, DatasetFailed {

    UUID datasetId();

    String tenantId();

    @Override
    default String key() {
        return datasetId().toString();
    }
}
