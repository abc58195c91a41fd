package dev.analyst.launcher;

import dev.analyst.infra.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server scraping the suite's services every second, with its data in a folder of
 * its own. Each scrape job is named after its service, as in {@code deploy/prometheus/prometheus.yml},
 * so the dashboards' {@code job} selectors mean the same here.
 */
final class PrometheusServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final URI url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts Prometheus on a free port scraping {@code targets} (job name to base URL) and waits until ready. */
    static PrometheusServer start(Path binary, Path directory, Map<String, URI> targets)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        var config = directory.resolve("prometheus.yml");
        Files.writeString(config, config(targets));
        int port = FreePorts.pick();
        var process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + directory.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        var server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitReady();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static String config(Map<String, URI> targets) {
        var yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                """);
        targets.forEach((job, base) -> yaml.append("  - job_name: ")
                .append(job)
                .append("\n    metrics_path: /actuator/prometheus\n    static_configs:\n      - targets: [\"")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\"]\n"));
        return yaml.toString();
    }

    private void awaitReady() throws IOException, InterruptedException {
        var deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + "; see its log");
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Prometheus was not ready within a minute");
            }
            // Polling a starting process; Awaitility is for assertions in tests, not for starting a server.
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
    }

    /** The instant query's result: an array of series, each with its labels ({@code metric}) and {@code value}. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(url.resolve("/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        var body = JSON.readTree(response.body());
        if (response.statusCode() != 200
                || !"success".equals(body.path("status").asString())) {
            throw new IllegalArgumentException("Prometheus refused " + promql + ": " + response.body());
        }
        return body.path("data").path("result");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
