package dev.analyst.ingestion.datasource;

import dev.analyst.ingestion.dataset.TableView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connected database as the API returns it: everything but its password. Its id is also its
 * dataset id.
 */
record DatasourceView(
        UUID id,
        String name,
        String kind,
        String host,
        int port,
        String database,
        String schema,
        String username,
        long version,
        List<TableView> tables,
        Instant createdAt,
        Instant updatedAt) {

    DatasourceView {
        tables = List.copyOf(tables);
    }
}
