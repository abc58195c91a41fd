package dev.analyst.execution.catalog;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Every dataset's latest ready version, in memory. The agent and execution read the datasets topic
 * independently, so a step can arrive a moment before its dataset does: {@link #find} waits for it,
 * without blocking a thread.
 */
@Component
public class DatasetCatalog {

    private final Map<UUID, CatalogEntry> entries = new ConcurrentHashMap<>();

    private final Sinks.Many<CatalogEntry> arrivals = Sinks.many().multicast().directBestEffort();

    /** Records a ready version unless a later one is already known (records may be replayed). */
    void accept(CatalogEntry entry) {
        CatalogEntry current = entries.merge(
                entry.datasetId(), entry, (known, offered) -> offered.version() >= known.version() ? offered : known);
        if (current == entry) {
            synchronized (arrivals) {
                arrivals.tryEmitNext(entry);
            }
        }
    }

    /** Forgets a deleted dataset (a tombstone on the compacted topic). */
    void remove(UUID datasetId) {
        entries.remove(datasetId);
    }

    /**
     * The dataset if it is, or within {@code wait} becomes, visible to {@code tenantId}; empty otherwise.
     * Another tenant's dataset is treated exactly like a missing one, so the answer reveals nothing.
     */
    public Mono<CatalogEntry> find(UUID datasetId, String tenantId, Duration wait) {
        CatalogEntry known = entries.get(datasetId);
        if (known != null && known.tenantId().equals(tenantId)) {
            return Mono.just(known);
        }
        // Subscribe to arrivals before looking again, so an entry that lands in between is not missed.
        return arrivals.asFlux()
                .mergeWith(Mono.fromSupplier(() -> lookup(datasetId)))
                .filter(entry ->
                        entry.datasetId().equals(datasetId) && entry.tenantId().equals(tenantId))
                .next()
                .timeout(wait, Mono.empty());
    }

    private @Nullable CatalogEntry lookup(UUID datasetId) {
        return entries.get(datasetId);
    }
}
