package dev.analyst.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A service's heap in use right after a full collection: the figure that only grows when something is
 * kept, so comparing it between two moments shows a leak where the heap in use at a random moment shows
 * mostly garbage not yet collected. Shared by the benchmarks that watch the services' memory.
 */
final class ServiceHeap {

    private static final long MIB = 1024 * 1024;

    private ServiceHeap() {}

    /**
     * Asks the service for a full collection ({@code jcmd <pid> GC.run}, twice so that what the first
     * one only finalised is gone too), then reads its heap in use from its own metrics.
     */
    static long afterFullCollection(HttpClient http, ServiceProcess service) throws IOException, InterruptedException {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (int i = 0; i < 2; i++) {
            var process = new ProcessBuilder(jcmd, Long.toString(service.pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd GC.run failed on " + service.service().module);
            }
        }
        return Math.round(metric(http, service.url(), "jvm_memory_used_bytes{area=\"heap\""));
    }

    /** The sum of a metric's series in a service's Prometheus scrape whose line starts with the prefix. */
    static double metric(HttpClient http, URI service, String prefix) throws IOException, InterruptedException {
        var scrape = http.send(
                        HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return Arrays.stream(scrape.split("\n"))
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * One service's heap after a full collection at the start and at the end of a run.
     *
     * @param start bytes in use after a full collection once warmed up
     * @param end bytes in use after a full collection at the end
     */
    record Change(Service service, long start, long end) {

        /** Growth that is noise: a fifth of the starting heap plus 16 MiB (caches filling, JIT, pools). */
        static final double TOLERATED_SHARE = 0.20;

        static final long TOLERATED_BYTES = 16 * MIB;

        long growth() {
            return end - start;
        }

        /** Growth in percent of the starting heap. */
        double growthPercent() {
            return start == 0 ? 0 : 100.0 * growth() / start;
        }

        /**
         * Whether the heap grew past what caches warming up explain: a leak shows as growth that a longer
         * run keeps adding to, so a run flagged here is worth repeating for longer.
         */
        boolean growing() {
            return growth() > TOLERATED_SHARE * start + TOLERATED_BYTES;
        }

        String verdict() {
            return growing() ? "GROWING" : "steady";
        }

        static double mebibytes(long bytes) {
            return bytes / (double) MIB;
        }
    }
}
