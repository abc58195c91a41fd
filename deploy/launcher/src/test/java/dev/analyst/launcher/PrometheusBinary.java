package dev.analyst.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a Prometheus server to run, or fetches Debian's {@code prometheus} package and unpacks it
 * without installing it: {@code apt-get download} and {@code dpkg-deb -x} need no root and start no
 * system service, unlike {@code apt-get install}.
 */
final class PrometheusBinary {

    private static final Path SYSTEM = Path.of("/usr/bin/prometheus");

    private PrometheusBinary() {}

    /**
     * The binary: {@code PROMETHEUS_BINARY} when set, then the installed one, then one unpacked earlier
     * into {@code cache}, then a freshly downloaded package unpacked there.
     */
    static Path locate(Path cache) throws IOException, InterruptedException {
        var configured = System.getenv("PROMETHEUS_BINARY");
        if (configured != null && !configured.isBlank()) {
            return requireExecutable(Path.of(configured));
        }
        if (Files.isExecutable(SYSTEM)) {
            return SYSTEM;
        }
        var unpacked = cache.resolve("root/usr/bin/prometheus");
        if (Files.isExecutable(unpacked)) {
            return unpacked;
        }
        Files.createDirectories(cache);
        var attempts = new ArrayList<String>();
        if (!download(cache, attempts) && DebianTools.isRoot()) {
            // The package lists may be missing (a fresh container): refresh them once and try again.
            DebianTools.run(cache, attempts, Duration.ofMinutes(5), "apt-get", "update", "-q");
            download(cache, attempts);
        }
        try (var files = Files.list(cache)) {
            var deb = files.filter(file -> file.getFileName().toString().endsWith(".deb"))
                    .findFirst();
            if (deb.isPresent()) {
                DebianTools.run(
                        cache,
                        attempts,
                        Duration.ofMinutes(5),
                        "dpkg-deb",
                        "-x",
                        deb.get().toString(),
                        cache.resolve("root").toString());
            }
        }
        if (Files.isExecutable(unpacked)) {
            return unpacked;
        }
        throw new IllegalStateException("No Prometheus server to test the dashboards with. Install Debian's package"
                + " (apt-get install -y --no-install-recommends prometheus), or set PROMETHEUS_BINARY to a prometheus"
                + " binary (2.42 or newer). Tried: " + String.join("; ", attempts));
    }

    private static boolean download(Path cache, List<String> attempts) throws IOException, InterruptedException {
        return DebianTools.run(cache, attempts, Duration.ofMinutes(5), "apt-get", "download", "-q", "prometheus");
    }

    private static Path requireExecutable(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("PROMETHEUS_BINARY=" + binary + " is not an executable file");
        }
        return binary;
    }
}
