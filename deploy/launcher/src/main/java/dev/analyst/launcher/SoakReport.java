package dev.analyst.launcher;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a soak run measured, printed for a person and written as JSON so that runs can be compared
 * later (the same seed offers the same load).
 *
 * @param settings what the run did, durations as typed
 * @param startedAt when the measured stretch began (after the warm-up)
 * @param seconds how long the measured stretch took, grace period included
 * @param operations one line per kind of operation
 * @param gatewayStreamsOpenAfterwards SSE streams the gateway still held once every client had gone (0)
 * @param heap every service's heap after a full collection at the start and the end
 */
record SoakReport(
        Map<String, Object> settings,
        Instant startedAt,
        double seconds,
        List<Operation> operations,
        long totalOperations,
        long totalErrors,
        double errorRatePercent,
        double operationsPerSecond,
        double answersPerSecond,
        long gatewayStreamsOpenAfterwards,
        List<Heap> heap) {

    /** One kind of operation; latencies of the successful ones, in milliseconds. */
    record Operation(
            String kind,
            long count,
            long errors,
            double p50Millis,
            double p95Millis,
            double p99Millis,
            Map<String, Long> failures,
            Map<String, Long> notes) {}

    record Heap(
            String service, double startMiB, double endMiB, double growthMiB, double growthPercent, String verdict) {}

    static SoakReport of(
            SoakSettings settings,
            Instant startedAt,
            Soak.Measured measured,
            long gatewayStreamsOpenAfterwards,
            List<ServiceHeap.Change> heap) {
        var operations = measured.tallies().entrySet().stream()
                .map(entry -> {
                    var tally = entry.getValue();
                    var latencies = tally.latencies();
                    return new Operation(
                            entry.getKey().label,
                            tally.count(),
                            tally.errors(),
                            Latencies.millis(latencies, 0.50),
                            Latencies.millis(latencies, 0.95),
                            Latencies.millis(latencies, 0.99),
                            tally.failureReasons(),
                            tally.notes());
                })
                .toList();
        long total = operations.stream().mapToLong(Operation::count).sum();
        long errors = operations.stream().mapToLong(Operation::errors).sum();
        // Every successful question-like operation ended with an answer.
        long answers = measured.tallies().entrySet().stream()
                .filter(entry -> entry.getKey() != Soak.Kind.UPLOAD)
                .mapToLong(entry -> entry.getValue().count() - entry.getValue().errors())
                .sum();
        double seconds = measured.wall().toNanos() / 1e9;
        var heaps = heap.stream()
                .map(change -> new Heap(
                        change.service().module,
                        ServiceHeap.Change.mebibytes(change.start()),
                        ServiceHeap.Change.mebibytes(change.end()),
                        ServiceHeap.Change.mebibytes(change.growth()),
                        change.growthPercent(),
                        change.verdict()))
                .toList();
        var typed = new java.util.LinkedHashMap<String, Object>();
        typed.put("users", settings.users());
        typed.put("duration", SoakSettings.format(settings.duration()));
        typed.put("seed", settings.seed());
        typed.put("think", SoakSettings.format(settings.think()));
        typed.put("warmup", SoakSettings.format(settings.warmup()));
        typed.put("grace", SoakSettings.format(settings.grace()));
        typed.put("timeout", SoakSettings.format(settings.timeout()));
        return new SoakReport(
                typed,
                startedAt,
                seconds,
                operations,
                total,
                errors,
                total == 0 ? 0 : 100.0 * errors / total,
                total / seconds,
                answers / seconds,
                gatewayStreamsOpenAfterwards,
                heaps);
    }

    void print(PrintStream out) {
        out.println();
        out.printf(
                "== Soak report: %s users for %s, seed %s (think %s, warm-up %s, grace %s, timeout %s)%n",
                settings.get("users"),
                settings.get("duration"),
                settings.get("seed"),
                settings.get("think"),
                settings.get("warmup"),
                settings.get("grace"),
                settings.get("timeout"));
        out.printf("%-20s %8s %7s %10s %10s %10s%n", "operation", "count", "errors", "p50 ms", "p95 ms", "p99 ms");
        for (var operation : operations) {
            out.printf(
                    "%-20s %8d %7d %10.1f %10.1f %10.1f%n",
                    operation.kind(),
                    operation.count(),
                    operation.errors(),
                    operation.p50Millis(),
                    operation.p95Millis(),
                    operation.p99Millis());
            operation.failures().forEach((reason, count) -> out.printf("    %6d x error: %s%n", count, reason));
            operation.notes().forEach((note, count) -> out.printf("    %6d x %s%n", count, note));
        }
        out.printf(
                "Throughput: %.1f operations/s, %.1f answers/s over %.0f s; errors %d of %d (%.2f%%)%n",
                operationsPerSecond, answersPerSecond, seconds, totalErrors, totalOperations, errorRatePercent);
        out.printf(
                "SSE streams the gateway still holds after the load: %d%s%n",
                gatewayStreamsOpenAfterwards,
                gatewayStreamsOpenAfterwards == 0 ? "" : " (LEAKING: every client has closed its stream)");
        out.println();
        out.println("Heap after a full collection (a leak shows as growth; flagged above 20% + 16 MiB)");
        out.printf(
                "%-20s %14s %12s %12s %9s  %s%n", "service", "start MiB", "end MiB", "growth MiB", "growth", "verdict");
        for (var service : heap) {
            out.printf(
                    "%-20s %14.1f %12.1f %+12.1f %+8.1f%%  %s%n",
                    service.service(),
                    service.startMiB(),
                    service.endMiB(),
                    service.growthMiB(),
                    service.growthPercent(),
                    service.verdict());
        }
    }
}
