package dev.analyst.launcher;

import dev.analyst.infra.Infrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads datasets into a running suite the way a person would: a file uploaded through the gateway, or
 * a SQL dump loaded into a database of its own and connected as an external PostgreSQL datasource
 * with a read-only login. The samples are {@code housing.csv} and {@code chinook.sql}.
 */
final class DatasetLoader {

    private static final Logger log = LoggerFactory.getLogger(DatasetLoader.class);
    private static final JsonMapper json = JsonMapper.builder().build();

    private final Infrastructure infrastructure;
    private final URI gateway;
    private final URI agent;
    private final String apiKey;
    private final HttpClient http = HttpClient.newHttpClient();

    DatasetLoader(Infrastructure infrastructure, URI gateway, URI agent, String apiKey) {
        this.infrastructure = infrastructure;
        this.gateway = gateway;
        this.agent = agent;
        this.apiKey = apiKey;
    }

    void loadSamples(Path samples) throws IOException, InterruptedException {
        upload(samples.resolve("housing.csv"), "housing");
        connect(samples.resolve("chinook.sql"), "chinook");
        awaitPlannable("housing", "chinook");
    }

    void upload(Path file, String name) throws IOException, InterruptedException {
        var boundary = "analyst-" + System.nanoTime();
        var body = new ByteArrayOutputStream();
        var head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n";
        body.write(head.getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(gateway.resolve("/api/datasets"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        require(response, "uploading " + file);
        log.info("Uploaded {} as dataset {}", file.getFileName(), name);
    }

    void connect(Path script, String name) throws IOException, InterruptedException {
        infrastructure.createDatabase(name);
        var reader = name + "_reader";
        var password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (var connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl(name), infrastructure.dbUser(), infrastructure.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute(Files.readString(script));
            statement.execute("DROP ROLE IF EXISTS " + reader);
            statement.execute("CREATE ROLE " + reader + " LOGIN PASSWORD '" + password + "'");
            statement.execute("GRANT CONNECT ON DATABASE " + name + " TO " + reader);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + reader);
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + reader);
        } catch (SQLException e) {
            throw new IllegalStateException("Loading " + script + " failed", e);
        }
        var registration = json.writeValueAsString(Map.of(
                "name", name,
                "host", infrastructure.dbHost(),
                "port", infrastructure.dbPort(),
                "database", name,
                "schema", "public",
                "username", reader,
                "password", password));
        var request = HttpRequest.newBuilder(gateway.resolve("/api/datasources"))
                .timeout(Duration.ofMinutes(1))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(registration))
                .build();
        require(http.send(request, HttpResponse.BodyHandlers.ofString()), "connecting " + name);
        log.info("Connected database {} as a datasource (read-only login {})", name, reader);
    }

    /** The agent learns of datasets from Kafka; questions make sense once it has. */
    void awaitPlannable(String... names) throws IOException, InterruptedException {
        var deadline = Instant.now().plus(Duration.ofSeconds(60));
        var request = HttpRequest.newBuilder(agent.resolve("/internal/catalog/" + Suite.TENANT))
                .timeout(Duration.ofSeconds(10))
                .build();
        while (Instant.now().isBefore(deadline)) {
            var body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            var known = json.readTree(body).findValuesAsString("name");
            if (known.containsAll(java.util.List.of(names))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("The agent did not learn of the sample datasets within a minute");
    }

    private static void require(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " failed with " + response.statusCode() + ": " + response.body());
        }
    }
}
