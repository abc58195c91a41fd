package dev.analyst.launcher;

import java.nio.file.Path;

/** The five services, each a Spring Boot jar built by its module, with the port it listens on by default. */
enum Service {
    INGESTION("ingestion-service", 8083),
    EXECUTION("execution-service", 8082),
    ANALYTICS("analytics-service", 8084),
    AGENT("agent-service", 8081),
    GATEWAY("gateway-service", 8080);

    final String module;
    final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    Path jar(Path repository) {
        return repository.resolve(module).resolve("target").resolve(module + ".jar");
    }
}
