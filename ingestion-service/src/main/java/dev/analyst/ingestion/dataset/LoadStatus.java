package dev.analyst.ingestion.dataset;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where the latest load of a dataset stands, as {@code GET /api/datasets/{id}/status} returns it.
 *
 * @param status {@code loading}, {@code ready} or {@code failed}
 * @param phase {@code upload}, {@code load}, {@code profile}, {@code done} or {@code failed}
 * @param totalBytes the size of the upload, -1 when unknown (a connected database)
 * @param message why the load failed, for a person to read; null unless failed
 */
record LoadStatus(
        UUID id,
        String name,
        String status,
        String phase,
        long bytesRead,
        long totalBytes,
        long rowsLoaded,
        @Nullable String message,
        Instant updatedAt) {

    static final String LOADING = "loading";
    static final String READY = "ready";
    static final String FAILED = "failed";
}
