package dev.analyst.launcher;

import dev.analyst.infra.FreePorts;
import dev.analyst.infra.Infrastructure;
import dev.analyst.infra.InfrastructureOptions;
import dev.analyst.infra.PostgresProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole suite on one machine: infrastructure first, then the five services as separate
 * processes, then the sample data. Closing it stops everything it started, services first.
 */
final class Suite implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Suite.class);
    static final String TENANT = "demo";
    static final String USER = "demo-user";

    private @Nullable Infrastructure infrastructure;
    private @Nullable Path infrastructureDirectory;
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private @Nullable SuiteOptions options;
    private final Credentials credentials = Credentials.generate();
    private volatile boolean closed;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::close, "analyst-suite-shutdown");

    /** The keys a run of the suite is reached with, made fresh for each run. */
    record Credentials(String apiKey, String adminKey, String secretKey) {
        static Credentials generate() {
            var random = new SecureRandom();
            var secret = new byte[32];
            random.nextBytes(secret);
            return new Credentials(
                    "ak_" + token(random),
                    "admin_" + token(random),
                    Base64.getEncoder().encodeToString(secret));
        }

        private static String token(SecureRandom random) {
            var bytes = new byte[18];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
    }

    /** Starts a suite and returns it running; on any failure stops what it had started and rethrows. */
    static Suite start(SuiteOptions options) throws IOException, InterruptedException {
        var suite = new Suite();
        // Ctrl-C or a TERM signal stops whatever was started so far, in every command that starts a suite:
        // a benchmark killed while its services started used to leave their JVMs running.
        Runtime.getRuntime().addShutdownHook(suite.shutdownHook);
        try {
            suite.startWith(options);
            return suite;
        } catch (IOException | InterruptedException | RuntimeException e) {
            suite.close();
            throw e;
        }
    }

    /**
     * Starts everything, step by step, so that {@link #close()} called from another thread (Ctrl-C during
     * start) stops exactly what was started so far.
     */
    synchronized void startWith(SuiteOptions options) throws IOException, InterruptedException {
        for (var service : Service.values()) {
            if (!Files.isRegularFile(service.jar(options.repository()))) {
                throw new IllegalStateException("Missing " + service.jar(options.repository())
                        + ": build first with ./mvnw -DskipTests package (deploy/analyst start does it for you)");
            }
        }
        Files.createDirectories(options.runDirectory());
        this.options = options;
        this.infrastructureDirectory = options.runDirectory().resolve("infrastructure");
        var infrastructure = Infrastructure.start(new InfrastructureOptions(
                options.postgresPort(), options.redisPort(), infrastructureDirectory, options.faultable()));
        this.infrastructure = infrastructure;
        for (var service : Service.values()) {
            var port = options.servicePorts().getOrDefault(service, service.defaultPort);
            servicePorts.put(service, FreePorts.orFree(port));
        }
        environment.putAll(infrastructure.environment());
        environment.put("ANALYST_API_KEYS", credentials.apiKey() + ":" + TENANT + ":" + USER);
        environment.put("ANALYST_ADMIN_KEY", credentials.adminKey());
        environment.put("ANALYST_SECRET_KEY", credentials.secretKey());
        environment.put("ANALYST_INGESTION_URL", "http://127.0.0.1:" + servicePorts.get(Service.INGESTION));
        environment.put("ANALYST_ANALYTICS_URL", "http://127.0.0.1:" + servicePorts.get(Service.ANALYTICS));
        // The launcher's own database is on loopback; the egress policy refuses that to everyone else.
        environment.put("ANALYST_EGRESS_ALLOW", infrastructure.dbHost() + "/32");
        environment.putAll(options.environment());
        for (var service : Service.values()) {
            synchronized (services) {
                checkNotClosed();
                services.put(
                        service,
                        ServiceProcess.start(
                                service,
                                service.jar(options.repository()),
                                servicePorts.get(service),
                                environment,
                                options.runDirectory()));
            }
        }
        awaitReady(services.values());
        if (options.samples().isPresent()) {
            checkNotClosed();
            datasets().loadSamples(options.samples().get());
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("Stopped while starting");
        }
    }

    /** Starting five JVMs is the slow part; wait for them side by side. */
    private static void awaitReady(java.util.Collection<ServiceProcess> processes) throws InterruptedException {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (var waiting = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<java.util.concurrent.Future<?>>();
            for (var process : processes) {
                futures.add(waiting.submit(() -> {
                    process.awaitReady(http, Duration.ofMinutes(3));
                    return null;
                }));
            }
            for (var future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                }
            }
        }
        log.info("All services are ready");
    }

    /** Kills a service at once ({@code SIGKILL}), as a crash would: no shutdown hook, no offset committed. */
    void kill(Service service) {
        synchronized (services) {
            var process = services.get(service);
            if (process != null) {
                process.kill();
            }
        }
    }

    /**
     * Starts a service again on its port with the environment it had (killing it first if it still runs),
     * and waits until it is ready.
     */
    void restart(Service service) throws IOException, InterruptedException {
        ServiceProcess started;
        synchronized (services) {
            checkNotClosed();
            var running = services.get(service);
            if (running != null) {
                running.kill();
            }
            var options = java.util.Objects.requireNonNull(this.options, "Not started");
            started = ServiceProcess.start(
                    service,
                    service.jar(options.repository()),
                    servicePorts.get(service),
                    environment,
                    options.runDirectory());
            services.put(service, started);
        }
        awaitReady(List.of(started));
    }

    /** Whether the service's process is alive (it may not be ready). */
    boolean isAlive(Service service) {
        synchronized (services) {
            var process = services.get(service);
            return process != null && process.isAlive();
        }
    }

    /** Loads datasets into this suite through its public API. */
    DatasetLoader datasets() {
        return new DatasetLoader(infrastructure(), gateway(), url(Service.AGENT), credentials.apiKey());
    }

    URI gateway() {
        return url(Service.GATEWAY);
    }

    URI url(Service service) {
        return services.get(service).url();
    }

    Credentials credentials() {
        return credentials;
    }

    Infrastructure infrastructure() {
        if (infrastructure == null) {
            throw new IllegalStateException("Not started");
        }
        return infrastructure;
    }

    /**
     * The embedded PostgreSQL server and its backends, found through its postmaster.pid: pg_ctl starts the
     * server detached, so it is no descendant of this process. Empty for an external database.
     */
    List<ProcessHandle> postgresProcesses() {
        return infrastructureDirectory == null
                ? List.of()
                : PostgresProcesses.of(infrastructureDirectory.resolve("postgres"));
    }

    List<ServiceProcess> processes() {
        return List.copyOf(services.values());
    }

    /** Services first (newest first, the gateway before what it calls), then the servers they used. */
    @Override
    public void close() {
        closed = true;
        // Once: the shutdown hook and the command that owns the suite may both get here.
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is shutting down: this may be the hook itself.
        }
        List<ServiceProcess> running;
        synchronized (services) {
            running = new ArrayList<>(services.values());
            services.clear();
        }
        // Ask all to stop at once, then wait: five graceful shutdowns side by side, not one after another.
        running.forEach(ServiceProcess::requestStop);
        running.forEach(ServiceProcess::close);
        if (infrastructure != null) {
            infrastructure.close();
            infrastructure = null;
        }
    }
}
