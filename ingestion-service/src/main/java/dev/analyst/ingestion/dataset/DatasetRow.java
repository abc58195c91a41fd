package dev.analyst.ingestion.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code ingestion.datasets}: the current version of one dataset. */
public record DatasetRow(
        UUID id,
        String tenantId,
        String name,
        String kind,
        long version,
        String status,
        String schemaName,
        @Nullable String tableName,
        @Nullable String sourceFile,
        long rowCount,
        List<TableView> tables,
        String lastReadyPayload,
        @Nullable String createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static final String CSV = "csv";
    public static final String POSTGRES = "postgres";
    public static final String READY = "ready";

    public DatasetRow {
        tables = List.copyOf(tables);
    }

    public DatasetView toView() {
        long rejectedRows = tables.stream()
                .mapToLong(
                        table -> table.rejected() == null ? 0 : table.rejected().rows())
                .sum();
        return new DatasetView(id, name, kind, version, status, rowCount, tables, rejectedRows, createdAt, updatedAt);
    }
}
