package dev.analyst.contracts.dataset;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.analyst.contracts.Event;
import java.util.UUID;

/**
 * How one load of a dataset is going, keyed by dataset id on a topic that is not compacted (a progress
 * tick must never displace a dataset's {@link DatasetReady}). A load starts with an
 * {@link IngestionProgressed} of phase {@code upload} and ends with one of phase {@code done} or with
 * a {@link DatasetFailed}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(IngestionProgressed.class), @JsonSubTypes.Type(DatasetFailed.class)})
public sealed interface DatasetProgress extends Event permits IngestionProgressed, DatasetFailed {

    UUID datasetId();

    String tenantId();

    @Override
    default String key() {
        return datasetId().toString();
    }

    /** Whether this event ends its load, so nothing more of it follows. */
    default boolean terminal() {
        return this instanceof DatasetFailed
                || (this instanceof IngestionProgressed progressed
                        && IngestionProgressed.DONE.equals(progressed.phase()));
    }
}
