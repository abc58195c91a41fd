package dev.analyst.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the suite.
 *
 * @param repository the checkout, whose modules hold the service jars and {@code ../shared} the samples
 * @param runDirectory where each service writes its log
 * @param servicePorts the port of each service; 0 picks a free one
 * @param postgresPort the embedded PostgreSQL's port, 0 picks a free one
 * @param redisPort the embedded Redis's port, 0 picks a free one
 * @param samples the sample data folder, or null to start empty
 */
record SuiteOptions(
        Path repository,
        Path runDirectory,
        Map<Service, Integer> servicePorts,
        int postgresPort,
        int redisPort,
        java.util.Optional<Path> samples) {}
