package dev.analyst.contracts.dataset;

import java.time.Instant;
import java.util.UUID;

/**
 * A load moved on: enough for a client to draw a progress bar.
 *
 * @param phase {@code upload} (the file arrived), {@code load} (rows are being copied), {@code profile}
 *     (the table is being described) or {@code done} (the version is ready; the last event of the load)
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
        implements DatasetProgress {

    public static final String UPLOAD = "upload";
    public static final String LOAD = "load";
    public static final String PROFILE = "profile";
    public static final String DONE = "done";
}
