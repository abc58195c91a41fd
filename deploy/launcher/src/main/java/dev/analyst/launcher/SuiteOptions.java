package dev.analyst.launcher;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to start the suite.
 *
 * @param repository the checkout, whose modules hold the service jars and {@code ../shared} the samples
 * @param runDirectory where each service writes its log
 * @param servicePorts the port of each service; 0 picks a free one
 * @param postgresPort the embedded PostgreSQL's port, 0 picks a free one
 * @param redisPort the embedded Redis's port, 0 picks a free one
 * @param samples the sample data folder, or empty to start without data
 * @param environment extra variables for every service, over the suite's own (a hosted model, say)
 * @param faultable whether the servers must bear faults: Kafka then runs as a broker process of its own
 */
record SuiteOptions(
        Path repository,
        Path runDirectory,
        Map<Service, Integer> servicePorts,
        int postgresPort,
        int redisPort,
        Optional<Path> samples,
        Map<String, String> environment,
        boolean faultable) {

    SuiteOptions {
        environment = Map.copyOf(environment);
    }

    /** Every service, PostgreSQL and Redis on a free port: a suite that runs beside any other. */
    static SuiteOptions onFreePorts(Path repository, Path runDirectory, Optional<Path> samples) {
        var ports = new EnumMap<Service, Integer>(Service.class);
        for (var service : Service.values()) {
            ports.put(service, 0);
        }
        return new SuiteOptions(repository, runDirectory, ports, 0, 0, samples, Map.of(), false);
    }

    /** These options with {@code variables} added to every service's environment. */
    SuiteOptions withEnvironment(Map<String, String> variables) {
        var merged = new LinkedHashMap<>(environment);
        merged.putAll(variables);
        return new SuiteOptions(
                repository, runDirectory, servicePorts, postgresPort, redisPort, samples, merged, faultable);
    }

    /** These options with servers that can be killed, restarted and paused (see {@code ServerFaults}). */
    SuiteOptions withFaults() {
        return new SuiteOptions(
                repository, runDirectory, servicePorts, postgresPort, redisPort, samples, environment, true);
    }
}
