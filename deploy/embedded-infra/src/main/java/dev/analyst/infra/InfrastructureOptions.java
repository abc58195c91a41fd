package dev.analyst.infra;

import java.nio.file.Path;

/**
 * Where the embedded servers listen and keep their files; a port of 0 picks a free one.
 *
 * @param workDirectory where PostgreSQL keeps its data and Kafka its logs, wiped at each start
 */
public record InfrastructureOptions(int postgresPort, int kafkaPort, int redisPort, Path workDirectory) {

    /** Free ports and a fresh temporary folder: what a test wants. */
    public static InfrastructureOptions ephemeral() {
        try {
            return new InfrastructureOptions(0, 0, 0, java.nio.file.Files.createTempDirectory("analyst-infra"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
