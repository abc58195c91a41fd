package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docker-compose.yml} cannot run on a machine without Docker, so it is held to the code here:
 * every service at the port the launcher uses, every variable a service reads, every service scraped.
 */
class ComposeConsistencyTests {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(ANALYST_[A-Z_]+)");

    private final JsonNode compose = read(ROOT.resolve("docker-compose.yml"));

    @Test
    void runsEveryServiceOnTheLaunchersPort() {
        for (var service : Service.values()) {
            var definition = compose.path("services").path(service.module);
            assertThat(definition.isMissingNode())
                    .as(service.module + " in docker-compose.yml")
                    .isFalse();
            assertThat(definition.path("ports").toString()).contains(service.defaultPort + ":" + service.defaultPort);
            assertThat(definition.path("healthcheck").path("test").toString())
                    .contains(":" + service.defaultPort + "/actuator/health/readiness");
        }
    }

    @Test
    void setsEveryVariableTheServicesRead() throws IOException {
        var provided = new HashSet<String>();
        compose.path("x-analyst-environment").propertyNames().forEach(provided::add);
        for (var service : Service.values()) {
            var yaml = Files.readString(ROOT.resolve(service.module).resolve("src/main/resources/application.yaml"));
            var matcher = PLACEHOLDER.matcher(yaml);
            var read = new HashSet<String>();
            while (matcher.find()) {
                read.add(matcher.group(1));
            }
            // Size limits have defaults meant to be kept; everything that points somewhere must be set.
            read.removeAll(Set.of("ANALYST_MAX_UPLOAD_SIZE"));
            assertThat(provided).as("variables %s reads", service.module).containsAll(read);
        }
    }

    @Test
    void prometheusScrapesEveryService() throws IOException {
        var prometheus = Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        for (var service : Service.values()) {
            assertThat(prometheus).contains(service.module + ":" + service.defaultPort);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return YAMLMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
