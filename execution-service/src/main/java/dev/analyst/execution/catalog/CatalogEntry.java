package dev.analyst.execution.catalog;

import dev.analyst.contracts.dataset.DatasetLocation;
import dev.analyst.contracts.dataset.DatasetReady;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.execution.kafka.UnreadableEvent;
import java.util.List;
import java.util.UUID;

/**
 * The latest ready version of a dataset: whose it is, where its tables live and what they hold.
 *
 * @param tables the tables with their profiles, as the version's {@code DatasetReady} described them
 */
public record CatalogEntry(
        UUID datasetId,
        String tenantId,
        long version,
        DatasetLocation location,
        String name,
        List<TableSchema> tables) {

    public CatalogEntry {
        tables = List.copyOf(tables);
    }

    /** An entry known only by where it lives, for callers that never look at its tables. */
    public CatalogEntry(UUID datasetId, String tenantId, long version, DatasetLocation location) {
        this(datasetId, tenantId, version, location, "", List.of());
    }

    /**
     * The entry a ready version describes.
     *
     * @throws UnreadableEvent when the version names no dataset, tenant or location, which nothing can run against
     */
    @SuppressWarnings("ConstantValue") // JSON may omit what the record declares non-null.
    public static CatalogEntry of(DatasetReady ready) {
        if (ready.datasetId() == null
                || ready.tenantId() == null
                || ready.location() == null
                || ready.location().schema() == null) {
            throw new UnreadableEvent("DatasetReady " + ready.eventId() + " lacks its dataset, tenant or location");
        }
        return new CatalogEntry(
                ready.datasetId(),
                ready.tenantId(),
                ready.version(),
                ready.location(),
                ready.name() == null ? "" : ready.name(),
                ready.tables() == null ? List.of() : ready.tables());
    }
}
