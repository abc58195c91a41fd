package dev.analyst.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the test tooling needs to fetch a Debian package it is missing: running apt-get and dpkg-deb, and knowing whether it may. */
final class DebianTools {

    private DebianTools() {}

    /**
     * Runs the command in the directory, its output in a log beside it, and notes in {@code attempts} how it
     * went (for the message of a test that has to give up); whether it succeeded within the limit.
     */
    static boolean run(Path directory, List<String> attempts, Duration limit, String... command)
            throws IOException, InterruptedException {
        var log = directory.resolve(command[0] + "-" + command[1] + ".log");
        try {
            var process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                attempts.add(String.join(" ", command) + ": timed out");
                return false;
            }
            var ok = process.exitValue() == 0;
            attempts.add(String.join(" ", command) + (ok ? ": ok" : ": exit " + process.exitValue() + ", see " + log));
            return ok;
        } catch (IOException e) {
            attempts.add(String.join(" ", command) + ": " + e.getMessage());
            return false;
        }
    }

    /** Whether apt-get may install packages system-wide. */
    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
