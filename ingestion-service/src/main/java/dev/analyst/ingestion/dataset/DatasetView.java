package dev.analyst.ingestion.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dataset as the API returns it.
 *
 * @param kind {@code csv} for an uploaded file, {@code postgres} for a connected database
 * @param rowCount rows over all its tables
 * @param rejectedRows rows of the upload set aside by {@code onError=quarantine}, over all its tables
 */
public record DatasetView(
        UUID id,
        String name,
        String kind,
        long version,
        String status,
        long rowCount,
        List<TableView> tables,
        long rejectedRows,
        Instant createdAt,
        Instant updatedAt) {

    public DatasetView {
        tables = List.copyOf(tables);
    }
}
