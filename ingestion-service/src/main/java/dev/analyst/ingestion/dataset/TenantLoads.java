package dev.analyst.ingestion.dataset;

import dev.analyst.ingestion.IngestionProperties;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Counts each tenant's uploads in progress (from the first byte received to the end of the load) so
 * one tenant cannot take every loading thread and connection from the others. Per instance: with
 * several instances the limit holds per instance.
 */
@Component
class TenantLoads {

    private final ConcurrentHashMap<String, Integer> active = new ConcurrentHashMap<>();
    private final int limit;
    private final Duration retryAfter;

    TenantLoads(IngestionProperties properties) {
        this.limit = properties.upload().maxConcurrentLoads();
        this.retryAfter = properties.upload().retryAfter();
    }

    /**
     * Takes one of the tenant's slots.
     *
     * @throws TooManyLoads when all are taken
     */
    Permit acquire(String tenantId) {
        var granted = new AtomicBoolean();
        active.compute(tenantId, (tenant, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            granted.set(true);
            return current + 1;
        });
        if (!granted.get()) {
            throw new TooManyLoads(limit, retryAfter);
        }
        return new Permit(tenantId);
    }

    /** The tenant's uploads in progress. */
    int active(String tenantId) {
        return active.getOrDefault(tenantId, 0);
    }

    /** A slot taken; released once, however many paths end the upload. */
    final class Permit {

        private final String tenantId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String tenantId) {
            this.tenantId = tenantId;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                active.computeIfPresent(tenantId, (tenant, count) -> count <= 1 ? null : count - 1);
            }
        }
    }
}
