package dev.analyst.contracts.dataset;

import java.time.Instant;
import java.util.UUID;

/**
 * A load moved on: enough for a client to draw a progress bar.
 *
 * @param totalBytes the size of the upload, or -1 when it is not known
 */
public record IngestionProgressed(
        UUID eventId,
        Instant occurredAt,
        UUID datasetId,
        String tenantId,
        String phase,
        long bytesRead,
        long totalBytes,
        long rowsLoaded)
        implements DatasetEvent {}
