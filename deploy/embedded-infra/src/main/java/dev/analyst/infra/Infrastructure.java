package dev.analyst.infra;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running PostgreSQL, Kafka and Redis servers and how to reach them. Which servers run is decided once:
 * external servers when {@code ANALYST_EXTERNAL_*} variables name them, containers when a Docker
 * engine answers, and otherwise embedded servers inside this JVM (Kafka) or as child processes of it
 * (PostgreSQL, Redis). {@code ANALYST_INFRA=embedded|containers|external} forces a choice.
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);
    private static @Nullable Infrastructure shared;

    private final String kind;
    private final Endpoints endpoints;
    private final AdminLogin admin;
    private final List<AutoCloseable> servers;
    private final @Nullable ServerFaults faults;

    /** The superuser login that may create databases and roles; never handed to a service. */
    record AdminLogin(String user, String password) {}

    Infrastructure(String kind, Endpoints endpoints, AdminLogin admin, List<AutoCloseable> servers) {
        this(kind, endpoints, admin, servers, null);
    }

    Infrastructure(
            String kind,
            Endpoints endpoints,
            AdminLogin admin,
            List<AutoCloseable> servers,
            @Nullable ServerFaults faults) {
        this.kind = kind;
        this.endpoints = endpoints;
        this.admin = admin;
        this.servers = new ArrayList<>(servers);
        this.faults = faults;
    }

    /**
     * What can be done to these servers to test how the services bear it; only embedded servers started
     * {@link InfrastructureOptions#faultable() faultable} offer it.
     */
    public java.util.Optional<ServerFaults> faults() {
        return java.util.Optional.ofNullable(faults);
    }

    /** One set of servers for the whole JVM, started on first use and stopped when the JVM exits. */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            var started = start(InfrastructureOptions.ephemeral());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "infrastructure-shutdown"));
            shared = started;
        }
        return shared;
    }

    /** Starts (or finds) the servers as the environment says. */
    public static Infrastructure start(InfrastructureOptions options) {
        var environment = System.getenv();
        var choice = environment.getOrDefault("ANALYST_INFRA", "");
        var external = ExternalServers.fromEnvironment(environment);
        Infrastructure infrastructure;
        if (choice.equals("external") || (choice.isEmpty() && external.isPresent())) {
            infrastructure = external.orElseThrow(() -> new IllegalStateException(
                    "ANALYST_INFRA=external needs ANALYST_EXTERNAL_POSTGRES_URL, ANALYST_EXTERNAL_KAFKA and"
                            + " ANALYST_EXTERNAL_REDIS_URL"));
        } else if (choice.equals("containers") || (choice.isEmpty() && ContainerServers.dockerAvailable())) {
            infrastructure = ContainerServers.start();
        } else {
            infrastructure = EmbeddedServers.start(options);
        }
        infrastructure.createServiceDatabase();
        log.info("Infrastructure ready ({}): {}", infrastructure.kind, infrastructure.endpoints);
        return infrastructure;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The {@code ANALYST_*} variables pointing at these servers. */
    public Map<String, String> environment() {
        return endpoints.environment();
    }

    public String kind() {
        return kind;
    }

    public String jdbcUrl(String database) {
        return endpoints.jdbcUrl(database);
    }

    public String kafkaBootstrapServers() {
        return endpoints.kafkaBootstrapServers();
    }

    public String redisUrl() {
        return endpoints.redisUrl();
    }

    public String dbHost() {
        return endpoints.dbHost();
    }

    public int dbPort() {
        return endpoints.dbPort();
    }

    public String dbUser() {
        return endpoints.dbUser();
    }

    public String dbPassword() {
        return endpoints.dbPassword();
    }

    /** Creates an empty database owned by the service login, unless it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (var connection =
                        DriverManager.getConnection(endpoints.jdbcUrl("postgres"), admin.user(), admin.password());
                var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + name + " OWNER " + endpoints.dbUser());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    /**
     * The service login and its database. It may create roles, because execution runs each tenant's
     * queries under a read-only role of its own.
     */
    private void createServiceDatabase() {
        if (admin.user().equals(endpoints.dbUser())) {
            createDatabase(endpoints.dbName());
            return;
        }
        try (var connection =
                        DriverManager.getConnection(endpoints.jdbcUrl("postgres"), admin.user(), admin.password());
                var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '"
                    + endpoints.dbUser().replace("'", "''") + "'");
            if (!exists.next()) {
                statement.execute("CREATE ROLE " + endpoints.dbUser() + " LOGIN CREATEROLE PASSWORD '"
                        + endpoints.dbPassword().replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the service login", e);
        }
        createDatabase(endpoints.dbName());
    }

    /** Stops what this object started, newest first; servers it only found keep running. */
    @Override
    public synchronized void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            try {
                servers.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", servers.get(i), e.toString());
            }
        }
        servers.clear();
    }
}
