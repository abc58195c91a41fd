package dev.analyst.infra;

import java.nio.file.Path;

/**
 * Where the embedded servers listen and keep their files; a port of 0 picks a free one. Kafka always
 * listens on a free port: Kafka's KRaft test kit, which runs the embedded broker, cannot be given one.
 *
 * @param workDirectory where PostgreSQL keeps its data, wiped at each start
 */
public record InfrastructureOptions(int postgresPort, int redisPort, Path workDirectory) {

    /** Free ports and a fresh temporary folder: what a test wants. */
    public static InfrastructureOptions ephemeral() {
        try {
            return new InfrastructureOptions(0, 0, java.nio.file.Files.createTempDirectory("analyst-infra"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
