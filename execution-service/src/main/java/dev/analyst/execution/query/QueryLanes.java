package dev.analyst.execution.query;

import dev.analyst.contracts.step.StepError;
import dev.analyst.execution.ExecutionProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The bulkheads in front of the database: at most {@code perTenant} queries of one tenant and
 * {@code global} queries over all tenants run at once. A query that cannot start waits in its tenant's
 * own queue, and a freed slot goes to the waiting tenants in turn, so a tenant flooding the service
 * delays only itself: the others find a free slot in the global pool, or are next in line.
 */
@Component
class QueryLanes {

    private final ExecutionProperties.Bulkhead limits;

    // Insertion order is the round-robin order: a lane that was just served moves to the end.
    private final Map<String, Lane> lanes = new LinkedHashMap<>();

    private int running;

    private int waiting;

    QueryLanes(ExecutionProperties properties, MeterRegistry meters) {
        this.limits = properties.bulkhead();
        Gauge.builder("analyst.execution.queries.running", this, lanes -> lanes.count(() -> lanes.running))
                .description("Queries running against datasets' databases")
                .register(meters);
        Gauge.builder("analyst.execution.queries.waiting", this, lanes -> lanes.count(() -> lanes.waiting))
                .description("Queries waiting for their tenant's turn")
                .register(meters);
    }

    /**
     * Runs {@code query} once its tenant may: at once if both its lane and the global pool have room,
     * else after the queries ahead of it.
     *
     * @throws QueryFailed (as the error signal) with {@link StepError#BUSY} when the tenant already has
     *     as many queries waiting as it may, or this one waited longer than the bulkhead's maximum
     */
    <T> Mono<T> run(String tenantId, Mono<T> query) {
        // Waiting too long cancels the admission, which takes the query out of its tenant's queue.
        var admission = admit(tenantId)
                .timeout(
                        limits.maxWait(),
                        Mono.error(() -> new QueryFailed(
                                StepError.BUSY,
                                "Your query waited over " + limits.maxWait().toSeconds()
                                        + " seconds behind your other queries; ask again when they have finished.")));
        return Mono.usingWhen(admission, slot -> query, this::release, (slot, error) -> release(slot), this::release);
    }

    private Mono<Slot> admit(String tenantId) {
        Mono<Slot> admission = Mono.create(sink -> {
            Slot granted = null;
            synchronized (this) {
                var lane = lanes.computeIfAbsent(tenantId, Lane::new);
                if (lane.queue.isEmpty() && lane.running < limits.perTenant() && running < limits.global()) {
                    granted = start(lane);
                } else if (lane.queue.size() >= limits.waitingPerTenant()) {
                    sink.error(new QueryFailed(
                            StepError.BUSY,
                            "Too many of your queries are waiting to run (" + lane.queue.size()
                                    + "); ask again when they have finished."));
                    return;
                } else {
                    lane.queue.add(sink);
                    waiting++;
                    sink.onCancel(() -> abandon(lane, sink));
                }
            }
            if (granted != null) {
                sink.success(granted);
            }
        });
        // A slot granted to a query cancelled in the same instant is discarded by the sink: give it back.
        return admission.doOnDiscard(Slot.class, slot -> release(slot).subscribe());
    }

    private Mono<Void> release(Slot slot) {
        return Mono.fromRunnable(() -> {
            var next = new ArrayList<Runnable>();
            synchronized (this) {
                slot.lane.running--;
                running--;
                next.addAll(admitWaiting());
                if (slot.lane.running == 0 && slot.lane.queue.isEmpty()) {
                    lanes.remove(slot.lane.tenantId);
                }
            }
            // Signalled outside the lock: the admitted queries start on this thread.
            next.forEach(Runnable::run);
        });
    }

    /** Hands free slots to waiting queries, one per lane in turn. Called with the lock held. */
    private List<Runnable> admitWaiting() {
        var admitted = new ArrayList<Runnable>();
        boolean progress = true;
        while (running < limits.global() && progress) {
            progress = false;
            for (var lane : List.copyOf(lanes.values())) {
                if (running >= limits.global()) {
                    break;
                }
                if (!lane.queue.isEmpty() && lane.running < limits.perTenant()) {
                    var sink = lane.queue.poll();
                    waiting--;
                    var slot = start(lane);
                    admitted.add(() -> sink.success(slot));
                    // Served: to the back of the line.
                    lanes.remove(lane.tenantId);
                    lanes.put(lane.tenantId, lane);
                    progress = true;
                }
            }
        }
        return admitted;
    }

    private Slot start(Lane lane) {
        lane.running++;
        running++;
        return new Slot(lane);
    }

    private void abandon(Lane lane, MonoSink<Slot> sink) {
        synchronized (this) {
            if (lane.queue.remove(sink)) {
                waiting--;
                if (lane.running == 0 && lane.queue.isEmpty()) {
                    lanes.remove(lane.tenantId);
                }
            }
        }
    }

    private synchronized int count(Supplier<Integer> counter) {
        return counter.get();
    }

    /** One tenant's queries: how many run, and who waits. Guarded by the lanes' lock. */
    private static final class Lane {

        private final String tenantId;
        private final ArrayDeque<MonoSink<Slot>> queue = new ArrayDeque<>();
        private int running;

        Lane(String tenantId) {
            this.tenantId = tenantId;
        }
    }

    /** A running query's claim on its lane and the global pool, given back when it ends. */
    private record Slot(Lane lane) {}
}
