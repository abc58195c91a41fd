package dev.analyst.infra;

import java.nio.file.Path;

/**
 * Where the embedded servers listen and keep their files; a port of 0 picks a free one. Kafka always
 * listens on a free port: Kafka's KRaft test kit, which runs the embedded broker, cannot be given one.
 *
 * @param workDirectory where PostgreSQL keeps its data, wiped at each start
 * @param faultable Kafka as a broker process of its own instead of inside this JVM (a few seconds more to
 *     start), so that {@link Infrastructure#faults()} can kill and restart it, and pause the others
 */
public record InfrastructureOptions(int postgresPort, int redisPort, Path workDirectory, boolean faultable) {

    public InfrastructureOptions(int postgresPort, int redisPort, Path workDirectory) {
        this(postgresPort, redisPort, workDirectory, false);
    }

    /** Free ports and a fresh temporary folder: what a test wants. */
    public static InfrastructureOptions ephemeral() {
        try {
            return new InfrastructureOptions(0, 0, java.nio.file.Files.createTempDirectory("analyst-infra"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
