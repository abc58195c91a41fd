package dev.analyst.ingestion.dataset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code ingestion.dataset_loads} table: one row per dataset, the state of its latest load. Reads
 * are scoped to a tenant. A load whose row stopped changing longer ago than {@code staleAfter} is
 * reported as interrupted, so a load whose instance died for good never stays "loading" forever.
 */
@Repository
class LoadStatuses implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadStatuses.class);

    static final String INTERRUPTED = "The load was interrupted (the service stopped); upload the file again.";

    private final JdbcTemplate jdbc;
    // Writes outside any load's transaction, so pollers see them before the load commits.
    private final TransactionTemplate separately;
    // Progress ticks come from inside a load's transaction, which holds a pooled connection: they are
    // written by this one thread, only the latest tick of each load, so a load never waits for a
    // second connection (with every connection held by a load, that wait would never end).
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("load-status-writer").factory());
    private final Map<UUID, Tick> pendingTicks = new ConcurrentHashMap<>();

    LoadStatuses(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.separately = new TransactionTemplate(transactionManager);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    private record Tick(String phase, long bytesRead, long rowsLoaded) {}

    /** Records that a load of the dataset began, replacing the record of its previous load. */
    void started(UUID datasetId, String tenantId, String name, long totalBytes, String owner) {
        separately.executeWithoutResult(
                status -> jdbc.update("""
                INSERT INTO ingestion.dataset_loads (dataset_id, tenant_id, name, status, phase, bytes_read,
                                                     total_bytes, rows_loaded, message, owner, started_at,
                                                     updated_at)
                VALUES (?, ?, ?, 'loading', 'upload', ?, ?, 0, NULL, ?, now(), now())
                ON CONFLICT (dataset_id) DO UPDATE SET
                    tenant_id = EXCLUDED.tenant_id, name = EXCLUDED.name, status = 'loading', phase = 'upload',
                    bytes_read = EXCLUDED.bytes_read, total_bytes = EXCLUDED.total_bytes, rows_loaded = 0,
                    message = NULL, owner = EXCLUDED.owner, started_at = now(), updated_at = now()
                """, datasetId, tenantId, name, totalBytes, totalBytes, owner));
    }

    /**
     * Moves a running load on, soon and without waiting; a load that already ended is left alone, so a
     * tick written late cannot undo its end.
     */
    void progressed(UUID datasetId, String phase, long bytesRead, long rowsLoaded) {
        if (pendingTicks.put(datasetId, new Tick(phase, bytesRead, rowsLoaded)) != null) {
            return; // A write of this load is queued; it will take this newer tick.
        }
        try {
            writer.execute(() -> writeTick(datasetId));
        } catch (RejectedExecutionException e) {
            pendingTicks.remove(datasetId); // Shutting down: the load ends (or is interrupted) anyway.
        }
    }

    private void writeTick(UUID datasetId) {
        var tick = pendingTicks.remove(datasetId);
        if (tick == null) {
            return;
        }
        try {
            jdbc.update("""
                    UPDATE ingestion.dataset_loads
                       SET phase = ?, bytes_read = ?, rows_loaded = ?, updated_at = now()
                     WHERE dataset_id = ? AND status = 'loading'
                    """, tick.phase(), tick.bytesRead(), tick.rowsLoaded(), datasetId);
        } catch (RuntimeException e) {
            log.warn("Could not record the progress of dataset {}: {}", datasetId, e.toString());
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }

    /** Marks the load ready inside the caller's transaction: it reads ready exactly when the version commits. */
    void ready(UUID datasetId, long bytes, long rowsLoaded) {
        jdbc.update("""
                UPDATE ingestion.dataset_loads
                   SET status = 'ready', phase = 'done', bytes_read = ?, rows_loaded = ?, message = NULL,
                       updated_at = now()
                 WHERE dataset_id = ?
                """, bytes, rowsLoaded, datasetId);
    }

    void failed(UUID datasetId, String message) {
        separately.executeWithoutResult(status -> jdbc.update("""
                UPDATE ingestion.dataset_loads
                   SET status = 'failed', phase = 'failed', message = ?, updated_at = now()
                 WHERE dataset_id = ? AND status = 'loading'
                """, message, datasetId));
    }

    /** Marks the unfinished loads of an instance failed: they died with its previous run. */
    int interrupt(String owner) {
        return jdbc.update("""
                UPDATE ingestion.dataset_loads
                   SET status = 'failed', phase = 'failed', message = ?, updated_at = now()
                 WHERE owner = ? AND status = 'loading'
                """, INTERRUPTED, owner);
    }

    Optional<LoadStatus> find(String tenantId, UUID datasetId, Duration staleAfter) {
        return jdbc.query("""
                        SELECT dataset_id, name, status, phase, bytes_read, total_bytes, rows_loaded, message,
                               updated_at, status = 'loading' AND updated_at < now() - make_interval(secs => ?)
                                   AS stale
                          FROM ingestion.dataset_loads
                         WHERE tenant_id = ? AND dataset_id = ?
                        """, LoadStatuses::row, (double) staleAfter.toMillis() / 1000, tenantId, datasetId).stream()
                .findFirst();
    }

    private static LoadStatus row(ResultSet rs, int rowNum) throws SQLException {
        var stale = rs.getBoolean("stale");
        return new LoadStatus(
                rs.getObject("dataset_id", UUID.class),
                rs.getString("name"),
                stale ? LoadStatus.FAILED : rs.getString("status"),
                stale ? LoadStatus.FAILED : rs.getString("phase"),
                rs.getLong("bytes_read"),
                rs.getLong("total_bytes"),
                rs.getLong("rows_loaded"),
                stale ? INTERRUPTED : rs.getString("message"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
