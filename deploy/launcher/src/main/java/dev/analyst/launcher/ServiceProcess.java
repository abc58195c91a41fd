package dev.analyst.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as a child process, its output in a log file of the run folder. */
final class ServiceProcess implements AutoCloseable {

    private final Service service;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(Service service, int port, Process process, Path log) {
        this.service = service;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(Service service, Path jar, int port, Map<String, String> environment, Path runDirectory)
            throws IOException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(
                java,
                "-Xms64m",
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8"));
        // Extra JVM options for every service, for example a flight recording while benchmarking.
        var extra = System.getenv("ANALYST_SERVICE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            for (var option : extra.strip().split("\\s+")) {
                command.add(option.replace("{service}", service.module));
            }
        }
        command.addAll(List.of("-jar", jar.toString()));
        var log = runDirectory.resolve(service.module + ".log");
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        return new ServiceProcess(service, port, builder.start(), log);
    }

    Service service() {
        return service;
    }

    int port() {
        return port;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Waits until the readiness probe answers UP; fails at once if the process dies first. */
    void awaitReady(HttpClient http, Duration limit) throws InterruptedException {
        var deadline = Instant.now().plus(limit);
        var probe = HttpRequest.newBuilder(url().resolve("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        service.module + " exited with code " + process.exitValue() + " while starting; see " + log);
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(service.module + " was not ready within " + limit + "; see " + log);
    }

    /** CPU time the service has used so far (PostgreSQL backends it talks to are counted apart). */
    java.time.Duration cpu() {
        return process.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process ({@code SIGKILL}) and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the polite stop signal (SIGTERM): Spring Boot shuts down gracefully on it. */
    void requestStop() {
        process.destroy();
    }

    /** Stops the process and its children, forcing them after a grace period. */
    @Override
    public void close() {
        var descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
