package dev.analyst.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The same servers as containers, for machines where a Docker engine runs. */
final class ContainerServers {

    private ContainerServers() {}

    /** Asks Testcontainers only when a Docker socket or host is configured, so a JDK-only machine starts fast. */
    static boolean dockerAvailable() {
        var configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        if (!configured) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Infrastructure start() {
        var postgres = new PostgreSQLContainer(DockerImageName.parse("postgres:17"))
                .withDatabaseName("analyst")
                .withUsername("analyst")
                .withPassword("analyst");
        var kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.0"))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        var redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
        postgres.start();
        kafka.start();
        redis.start();
        var endpoints = new Endpoints(
                postgres.getHost(),
                postgres.getMappedPort(5432),
                "analyst",
                "analyst",
                "analyst",
                kafka.getBootstrapServers(),
                "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        return new Infrastructure(
                "containers",
                endpoints,
                new Infrastructure.AdminLogin("analyst", "analyst"),
                List.of(postgres::stop, kafka::stop, redis::stop));
    }
}
