package dev.analyst.execution.catalog;

import dev.analyst.contracts.dataset.DatasetLocation;
import java.util.UUID;

/** The latest ready version of a dataset: whose it is and where its tables live. */
public record CatalogEntry(UUID datasetId, String tenantId, long version, DatasetLocation location) {}
