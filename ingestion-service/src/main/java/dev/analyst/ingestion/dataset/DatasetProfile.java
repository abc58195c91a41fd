package dev.analyst.ingestion.dataset;

import dev.analyst.contracts.dataset.TableSchema;
import java.util.List;
import java.util.UUID;

/**
 * The profile of a dataset's current version as the API returns it: its tables with the column
 * profiles, correlations, sample rows and data-quality findings, exactly as {@code DatasetReady} sent them.
 */
public record DatasetProfile(UUID datasetId, String name, long version, List<TableSchema> tables) {

    public DatasetProfile {
        tables = List.copyOf(tables);
    }
}
