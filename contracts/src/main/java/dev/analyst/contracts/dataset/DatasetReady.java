package dev.analyst.contracts.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dataset version is complete and can be asked about: where it lives and what its tables hold. It
 * replaces every earlier version of the same dataset.
 */
public record DatasetReady(
        UUID eventId,
        Instant occurredAt,
        UUID datasetId,
        String tenantId,
        String name,
        long version,
        DatasetLocation location,
        List<TableSchema> tables)
        implements DatasetEvent {

    public DatasetReady {
        tables = List.copyOf(tables);
    }
}
