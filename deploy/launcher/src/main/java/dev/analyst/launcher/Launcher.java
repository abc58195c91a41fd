package dev.analyst.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code deploy/analyst start}: starts the suite with the sample data and keeps it running until
 * Ctrl-C. Ports: gateway 8080 to analytics 8084; PostgreSQL 15432 and Redis 16379, overridable with
 * {@code ANALYST_POSTGRES_PORT} and {@code ANALYST_REDIS_PORT}; Kafka a free port, printed at start.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        var repository = Path.of(System.getProperty("analyst.home", "."))
                .toAbsolutePath()
                .normalize();
        var runs = repository.resolve(".run");
        var runDirectory = runs.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        var samples = repository.resolve("../shared/datasets").normalize();
        var options = new SuiteOptions(
                repository,
                runDirectory,
                Map.of(),
                port("ANALYST_POSTGRES_PORT", 15432),
                port("ANALYST_REDIS_PORT", 16379),
                Files.isDirectory(samples) ? Optional.of(samples) : Optional.empty(),
                Map.of(),
                false);
        // Read by logback.xml, so this must be set before the first logger is made.
        System.setProperty("analyst.run", runDirectory.toString());
        System.out.println("Starting Analyst; logs in " + runDirectory);
        var suite = Suite.start(options);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping Analyst...");
                            suite.close();
                            stopped.countDown();
                        },
                        "analyst-shutdown"));
        printWelcome(suite, runDirectory, options.samples().isPresent());
        stopped.await();
    }

    private static int port(String variable, int fallback) {
        var value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }

    private static void printWelcome(Suite suite, Path runDirectory, boolean samples) {
        var credentials = suite.credentials();
        var gateway = suite.gateway();
        System.out.println();
        System.out.println("Analyst is running.");
        System.out.println();
        for (var process : suite.processes()) {
            System.out.printf("  %-18s %s   (log: %s)%n", process.service().module, process.url(), process.log());
        }
        System.out.println();
        System.out.println("  API key (tenant demo):  " + credentials.apiKey());
        System.out.println("  Admin key (analytics):  " + credentials.adminKey());
        System.out.println("  Run folder:             " + runDirectory);
        var infrastructure = suite.infrastructure();
        System.out.println("  PostgreSQL:             " + infrastructure.jdbcUrl("analyst") + " (user "
                + infrastructure.dbUser() + ")");
        System.out.println("  Kafka:                  " + infrastructure.kafkaBootstrapServers()
                + "   (kafka-console-consumer.sh --bootstrap-server " + infrastructure.kafkaBootstrapServers()
                + " --topic analyst.run-events.v1 --from-beginning)");
        System.out.println("  Redis:                  " + infrastructure.redisUrl());
        if (samples) {
            System.out.println("  Sample datasets:        housing (uploaded CSV), chinook (connected PostgreSQL)");
        }
        System.out.println();
        System.out.println("Ask a question (the answer streams as server-sent events):");
        System.out.println();
        System.out.println("  curl -N " + gateway + "/api/questions \\");
        System.out.println("    -H 'Authorization: Bearer " + credentials.apiKey() + "' \\");
        System.out.println("    -H 'Content-Type: application/json' \\");
        System.out.println(
                "    -d '{\"question\": \"How many houses are in the dataset?\", \"dataset\": \"housing\"}'");
        System.out.println();
        System.out.println("Usage recorded so far:");
        System.out.println();
        System.out.println("  curl " + suite.url(Service.ANALYTICS)
                + "/api/analytics/usage/summary -H 'Authorization: Bearer " + credentials.adminKey() + "'");
        System.out.println();
        System.out.println("Press Ctrl-C to stop everything.");
    }
}
