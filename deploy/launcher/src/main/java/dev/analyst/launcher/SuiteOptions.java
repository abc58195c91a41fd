package dev.analyst.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the suite.
 *
 * @param repository the checkout, whose modules hold the service jars and {@code ../shared} the samples
 * @param runDirectory where each service writes its log
 * @param servicePorts the port of each service; 0 picks a free one
 * @param infrastructurePorts PostgreSQL, Kafka and Redis ports, 0 picks free ones
 * @param samples the sample data folder, or null to start empty
 */
record SuiteOptions(
        Path repository,
        Path runDirectory,
        Map<Service, Integer> servicePorts,
        int[] infrastructurePorts,
        java.util.Optional<Path> samples) {}
