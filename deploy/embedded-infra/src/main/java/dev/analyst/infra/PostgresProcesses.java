package dev.analyst.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of an embedded PostgreSQL server, found through the {@code postmaster.pid} in its data
 * directory: pg_ctl starts the server detached, so it is no descendant of the JVM that started it.
 */
public final class PostgresProcesses {

    private PostgresProcesses() {}

    /** The postmaster first, then every backend; empty when no server runs from {@code dataDirectory}. */
    public static List<ProcessHandle> of(Path dataDirectory) {
        try {
            var pidFile = dataDirectory.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return List.of();
            }
            var pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            return ProcessHandle.of(pid)
                    .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
                            .toList())
                    .orElse(List.of());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
