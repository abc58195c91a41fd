package dev.analyst.ingestion.dataset;

import dev.analyst.contracts.dataset.DatasetFailed;
import dev.analyst.contracts.dataset.IngestionProgressed;
import dev.analyst.ingestion.events.DirectPublisher;
import dev.analyst.ingestion.events.Outbox;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Tells everyone how a load is going: an {@link IngestionProgressed} or {@link DatasetFailed} on
 * {@code analyst.dataset-progress.v1} for progress bars, and the {@code dataset_loads} row for
 * pollers. A load starts with phase {@code upload} and ends with {@code done} (written with the new
 * version, through the outbox, so it is never lost) or with a failure. At start-up, the loads this
 * instance left unfinished in a previous run are marked failed.
 */
@Component
class LoadProgress implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LoadProgress.class);

    private final LoadStatuses statuses;
    private final DirectPublisher publisher;
    private final Outbox outbox;
    private final String owner;

    LoadProgress(
            LoadStatuses statuses,
            DirectPublisher publisher,
            Outbox outbox,
            @Value("${server.port:8083}") String port) {
        this.statuses = statuses;
        this.publisher = publisher;
        this.outbox = outbox;
        this.owner = hostName() + ":" + port;
    }

    @Override
    public void run(ApplicationArguments args) {
        int interrupted = statuses.interrupt(owner);
        if (interrupted > 0) {
            log.warn("{} load(s) were interrupted by the last stop of this instance; marked failed", interrupted);
        }
    }

    /** The file arrived whole: the load of {@code datasetId} begins. */
    void started(UUID datasetId, String tenantId, String name, long totalBytes) {
        statuses.started(datasetId, tenantId, name, totalBytes, owner);
        publish(datasetId, tenantId, IngestionProgressed.UPLOAD, totalBytes, totalBytes, 0);
    }

    /** The load moved on (phase {@code load} or {@code profile}). */
    void report(UUID datasetId, String tenantId, String phase, long bytesRead, long totalBytes, long rowsLoaded) {
        var bytes = totalBytes < 0 ? bytesRead : Math.min(bytesRead, totalBytes);
        statuses.progressed(datasetId, phase, bytes, rowsLoaded);
        publish(datasetId, tenantId, phase, bytes, totalBytes, rowsLoaded);
    }

    /**
     * The load is complete. Call it inside the transaction that swaps the new version in: the status
     * and the {@code done} event commit (or roll back) with it.
     */
    void done(UUID datasetId, String tenantId, long totalBytes, long rowsLoaded) {
        statuses.ready(datasetId, totalBytes, rowsLoaded);
        outbox.append(new IngestionProgressed(
                UUID.randomUUID(),
                Instant.now(),
                datasetId,
                tenantId,
                IngestionProgressed.DONE,
                totalBytes,
                totalBytes,
                rowsLoaded));
    }

    /** The load failed; {@code message} is for the person who uploaded the file. */
    void failed(UUID datasetId, String tenantId, String name, String message) {
        try {
            statuses.failed(datasetId, message);
        } catch (RuntimeException e) {
            // The event still goes out; a poller sees the row go stale and reports it interrupted.
            log.warn("Could not record the failed load of dataset {}", datasetId, e);
        }
        publisher.send(new DatasetFailed(UUID.randomUUID(), Instant.now(), datasetId, tenantId, name, message));
    }

    private void publish(UUID datasetId, String tenantId, String phase, long bytes, long total, long rows) {
        publisher.send(new IngestionProgressed(
                UUID.randomUUID(), Instant.now(), datasetId, tenantId, phase, bytes, total, rows));
    }

    private static String hostName() {
        var fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
