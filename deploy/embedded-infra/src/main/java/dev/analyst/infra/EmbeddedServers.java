package dev.analyst.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * Servers for a machine with nothing but a JDK: PostgreSQL from the zonky binaries in a Maven jar,
 * Kafka as Spring Kafka's in-process KRaft broker, Redis from the binary in the embedded-redis jar.
 */
final class EmbeddedServers {

    static final String SERVICE_LOGIN = "analyst";

    private EmbeddedServers() {}

    static Infrastructure start(InfrastructureOptions options) {
        var started = new ArrayList<AutoCloseable>();
        try {
            var work = options.workDirectory();
            deleteRecursively(work.resolve("postgres"));
            Files.createDirectories(work);
            var postgres = EmbeddedPostgres.builder()
                    .setPort(FreePorts.orFree(options.postgresPort()))
                    .setDataDirectory(work.resolve("postgres"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            started.add(postgres);

            String kafkaBootstrap;
            KafkaBrokerProcess kafkaProcess = null;
            if (options.faultable()) {
                deleteRecursively(work.resolve("kafka"));
                kafkaProcess = KafkaBrokerProcess.start(work.resolve("kafka"));
                started.add(kafkaProcess);
                kafkaBootstrap = kafkaProcess.bootstrapServers();
            } else {
                var kafka = new EmbeddedKafkaKraftBroker(1, 1);
                // Topics are declared by the services; a typo must fail rather than create a topic.
                kafka.brokerProperties(Map.of(
                        "auto.create.topics.enable", "false",
                        "group.initial.rebalance.delay.ms", "0",
                        "log.cleaner.backoff.ms", "1000"));
                startQuietly(kafka);
                started.add(kafka::destroy);
                kafkaBootstrap = kafka.getBrokersAsString();
            }

            var redisPort = FreePorts.orFree(options.redisPort());
            var redis = RedisServer.newRedisServer()
                    .port(redisPort)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            started.add(redis::stop);

            var endpoints = new Endpoints(
                    "127.0.0.1",
                    postgres.getPort(),
                    "analyst",
                    SERVICE_LOGIN,
                    SERVICE_LOGIN,
                    kafkaBootstrap,
                    "redis://127.0.0.1:" + redisPort);
            var faults =
                    kafkaProcess == null ? null : new ServerFaults(kafkaProcess, work.resolve("postgres"), redisPort);
            return new Infrastructure(
                    "embedded", endpoints, new Infrastructure.AdminLogin("postgres", "postgres"), started, faults);
        } catch (IOException | RuntimeException e) {
            for (var server : started.reversed()) {
                try {
                    server.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Kafka's test kit prints its storage formatting to standard output; that is noise in a terminal. */
    private static void startQuietly(EmbeddedKafkaKraftBroker kafka) {
        var out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            kafka.afterPropertiesSet();
        } finally {
            System.setOut(out);
        }
    }

    private static void deleteRecursively(java.nio.file.Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            List<java.nio.file.Path> paths =
                    walk.sorted(Comparator.reverseOrder()).toList();
            for (var each : paths) {
                Files.deleteIfExists(each);
            }
        }
    }
}
