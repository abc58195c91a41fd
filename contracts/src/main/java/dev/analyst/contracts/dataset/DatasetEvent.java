package dev.analyst.contracts.dataset;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/**
 * The latest complete version of a dataset, keyed by dataset id on a compacted topic: only
 * {@link DatasetReady} goes there, so compaction always keeps it. How a load goes is on the
 * {@link DatasetProgress} topic.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(DatasetReady.class)})
public sealed interface DatasetEvent extends Event permits DatasetReady {

    UUID datasetId();

    String tenantId();

    @Override
    default String key() {
        return datasetId().toString();
    }
}
