package dev.analyst.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds headless Chromium and its chromedriver for the page's browser test. A missing chromedriver is fetched as
 * Debian's {@code chromium-driver} package and unpacked into {@code cache} ({@code apt-get download} and
 * {@code dpkg-deb -x}, like {@link PrometheusBinary}); a missing browser is installed with {@code apt-get install}
 * when running as root, since the browser needs its libraries installed too. Answers empty, with what was tried,
 * when neither can be had, so the test can say why it did not run.
 */
final class ChromiumBinaries {

    private static final List<Path> BROWSERS = Stream.of(
                    "/usr/bin/chromium",
                    "/usr/bin/chromium-browser",
                    "/usr/bin/google-chrome",
                    "/usr/bin/google-chrome-stable")
            .map(Path::of)
            .toList();
    private static final List<Path> DRIVERS = Stream.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
            .map(Path::of)
            .toList();

    /** The browser and the driver that drives it. */
    record Binaries(Path browser, Path driver) {}

    /** The outcome: the binaries, or why there are none. */
    record Located(Optional<Binaries> binaries, String attempts) {}

    private ChromiumBinaries() {}

    /**
     * {@code CHROME_BINARY} and {@code CHROMEDRIVER} when set, else the installed ones, else a chromedriver unpacked
     * into {@code cache} earlier or now, else (as root) both installed from Debian's packages.
     */
    static Located locate(Path cache) throws IOException, InterruptedException {
        var attempts = new ArrayList<String>();
        var browser = configuredOrInstalled("CHROME_BINARY", BROWSERS);
        var driver = configuredOrInstalled("CHROMEDRIVER", DRIVERS);
        var unpacked = cache.resolve("root/usr/bin/chromedriver");
        if (driver.isEmpty() && Files.isExecutable(unpacked)) {
            driver = Optional.of(unpacked);
        }
        if (browser.isPresent() && driver.isEmpty()) {
            Files.createDirectories(cache);
            if (!DebianTools.run(
                            cache, attempts, Duration.ofMinutes(10), "apt-get", "download", "-q", "chromium-driver")
                    && DebianTools.isRoot()) {
                // The package lists may be missing (a fresh container): refresh them once and try again.
                DebianTools.run(cache, attempts, Duration.ofMinutes(10), "apt-get", "update", "-q");
                DebianTools.run(
                        cache, attempts, Duration.ofMinutes(10), "apt-get", "download", "-q", "chromium-driver");
            }
            try (var files = Files.list(cache)) {
                var deb = files.filter(file -> file.getFileName().toString().startsWith("chromium-driver")
                                && file.getFileName().toString().endsWith(".deb"))
                        .findFirst();
                if (deb.isPresent()) {
                    DebianTools.run(
                            cache,
                            attempts,
                            Duration.ofMinutes(10),
                            "dpkg-deb",
                            "-x",
                            deb.get().toString(),
                            cache.resolve("root").toString());
                }
            }
            if (Files.isExecutable(unpacked)) {
                driver = Optional.of(unpacked);
            }
        }
        if ((browser.isEmpty() || driver.isEmpty()) && DebianTools.isRoot()) {
            Files.createDirectories(cache);
            DebianTools.run(cache, attempts, Duration.ofMinutes(10), "apt-get", "update", "-q");
            DebianTools.run(
                    cache,
                    attempts,
                    Duration.ofMinutes(10),
                    "apt-get",
                    "install",
                    "-y",
                    "-q",
                    "--no-install-recommends",
                    "chromium",
                    "chromium-driver");
            browser = browser.or(() -> configuredOrInstalled("CHROME_BINARY", BROWSERS));
            driver = driver.or(() -> configuredOrInstalled("CHROMEDRIVER", DRIVERS));
        }
        if (browser.isPresent() && driver.isPresent()) {
            return new Located(Optional.of(new Binaries(browser.get(), driver.get())), String.join("; ", attempts));
        }
        return new Located(
                Optional.empty(),
                "browser " + browser.map(Path::toString).orElse("not found") + ", chromedriver "
                        + driver.map(Path::toString).orElse("not found") + (attempts.isEmpty() ? "" : "; tried: ")
                        + String.join("; ", attempts));
    }

    private static Optional<Path> configuredOrInstalled(String variable, List<Path> candidates) {
        var configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            var path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
