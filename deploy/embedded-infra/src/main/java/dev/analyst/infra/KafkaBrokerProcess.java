package dev.analyst.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;

/**
 * A single-node KRaft Kafka broker as a process of its own, its log on disk: it can be killed with {@code
 * SIGKILL} and started again on the same port with everything it had, which is what a broker restart is.
 * Spring Kafka's in-process test broker cannot do that (its storage is formatted afresh at each start), so
 * the fault suite runs this one. It runs from this JVM's own class path, which carries Kafka's server.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofMinutes(2);

    private final Path directory;
    private final int port;
    private volatile @Nullable Process process;

    private KafkaBrokerProcess(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Formats a fresh log in {@code directory} and starts the broker on free ports. */
    static KafkaBrokerProcess start(Path directory) {
        var broker = new KafkaBrokerProcess(directory, FreePorts.orFree(0));
        var controllerPort = FreePorts.orFree(0);
        try {
            Files.createDirectories(directory);
            Files.writeString(
                    broker.properties(), """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%2$d
                    listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                    controller.listener.names=CONTROLLER
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    inter.broker.listener.name=PLAINTEXT
                    log.dirs=%3$s
                    offsets.topic.replication.factor=1
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    auto.create.topics.enable=false
                    log.cleaner.backoff.ms=1000
                    """.formatted(broker.port, controllerPort, directory.resolve("log")));
            var clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes(UUID.randomUUID()));
            broker.run(
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    clusterId,
                    "-c",
                    broker.properties().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker.startAgain();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Kills the broker at once, as a crash would: nothing is flushed or handed over. */
    synchronized void kill() {
        var running = process;
        if (running == null) {
            return;
        }
        running.destroyForcibly();
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The Kafka broker did not die within 30 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the Kafka broker died", e);
        }
        process = null;
    }

    /** Starts the broker on its port with the log it had, and waits until it answers. */
    synchronized void startAgain() {
        var current = process;
        if (current != null && current.isAlive()) {
            return;
        }
        try {
            var command = java("kafka.Kafka", properties().toString());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            directory.resolve("kafka.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            // A broker that did not come up is not left half alive: the next start begins clean.
            var failed = process;
            if (failed != null) {
                failed.destroyForcibly();
            }
            process = null;
            throw e;
        }
    }

    private void awaitReady() {
        var deadline = Instant.now().plus(READY_WITHIN);
        while (Instant.now().isBefore(deadline)) {
            var running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException(
                        "The Kafka broker exited while starting; see " + directory.resolve("kafka.log"));
            }
            if (listening() && answers()) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the Kafka broker started", e);
            }
        }
        throw new IllegalStateException("The Kafka broker did not start within " + READY_WITHIN);
    }

    private boolean listening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private boolean answers() {
        try (var admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    private Path properties() {
        return directory.resolve("server.properties");
    }

    /** Runs a Kafka tool to its end in a JVM of its own (the tools call {@code System.exit}). */
    private void run(String mainClass, String... arguments) throws IOException {
        var tool = new ProcessBuilder(java(mainClass, arguments))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        directory.resolve("kafka.log").toFile()))
                .start();
        try {
            if (!tool.waitFor(2, TimeUnit.MINUTES) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException(mainClass + " failed; see " + directory.resolve("kafka.log"));
            }
        } catch (InterruptedException e) {
            tool.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + mainClass, e);
        }
    }

    /**
     * A command running {@code mainClass} on this JVM's class path. A Spring Boot jar (the launcher) nests
     * its libraries, so its own loader starts the class; otherwise (tests, an IDE) the class path is plain.
     */
    private static List<String> java(String mainClass, String... arguments) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8"));
        var classPath = System.getProperty("java.class.path");
        command.add("-cp");
        command.add(classPath);
        if (isBootJar(classPath)) {
            command.add("-Dloader.main=" + mainClass);
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        } else {
            command.add(mainClass);
        }
        command.addAll(List.of(arguments));
        return command;
    }

    private static boolean isBootJar(String classPath) {
        if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (var jar = new java.util.jar.JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/lib/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] uuidBytes(UUID id) {
        return java.nio.ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "Kafka broker process on " + bootstrapServers() + " (" + directory + ")";
    }
}
