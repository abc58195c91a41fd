package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.contracts.Topic;
import dev.analyst.ingestion.DatasetTopic;
import dev.analyst.ingestion.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Uploads that load in the background: the 202, the status endpoint and the progress topic. */
class DatasetProgressIT extends IntegrationTest {

    private static final String TENANT = "progress_it";

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper mapper;

    @Autowired
    LoadProgress loadProgress;

    private WebTestClient.ResponseSpec uploadInBackground(String uri, String prefer, String content, String filename) {
        var parts = new MultipartBodyBuilder();
        parts.part("file", new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)))
                .filename(filename)
                .contentType(MediaType.TEXT_PLAIN);
        var request = web.post()
                .uri(uri)
                .header("X-Tenant-Id", TENANT)
                .header("X-User-Id", "ada")
                .contentType(MediaType.MULTIPART_FORM_DATA);
        if (!prefer.isEmpty()) {
            request = request.header("Prefer", prefer);
        }
        return request.body(BodyInserters.fromMultipartData(parts.build())).exchange();
    }

    private JsonNode status(String statusUrl, String tenant) {
        return web.get()
                .uri(statusUrl)
                .header("X-Tenant-Id", tenant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** 25,000 rows: enough for two {@code load} ticks at the default of one every 10,000 rows. */
    private static String meterReadings() {
        var csv = new StringBuilder("meter,reading,taken_on\n");
        for (int i = 0; i < 25_000; i++) {
            csv.append("m-")
                    .append(i % 97)
                    .append(',')
                    .append(i * 3)
                    .append(".5,2025-0")
                    .append(1 + i % 9)
                    .append("-1")
                    .append(i % 10)
                    .append('\n');
        }
        return csv.toString();
    }

    @Test
    void answersAcceptedAtOnceThenReportsProgressUntilTheDatasetIsReady() {
        var content = meterReadings();
        var size = content.getBytes(StandardCharsets.UTF_8).length;
        var accepted = uploadInBackground("/api/datasets", "respond-async, wait=0", content, "meters.csv")
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .valueEquals("Preference-Applied", "respond-async")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(accepted).isNotNull();
        var id = UUID.fromString(accepted.get("id").asString());
        assertThat(accepted.get("name").asString()).isEqualTo("meters");
        assertThat(accepted.get("status").asString()).isEqualTo("loading");
        assertThat(accepted.get("statusUrl").asString()).isEqualTo("/api/datasets/" + id + "/status");
        assertThat(accepted.get("eventsUrl").asString()).isEqualTo("/api/datasets/" + id + "/events");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> status(accepted.get("statusUrl").asString(), TENANT)
                        .get("status")
                        .asString()
                        .equals("ready"));
        var ready = status(accepted.get("statusUrl").asString(), TENANT);
        assertThat(ready.get("phase").asString()).isEqualTo("done");
        assertThat(ready.get("rowsLoaded").asLong()).isEqualTo(25_000);
        assertThat(ready.get("bytesRead").asLong()).isEqualTo(size);
        assertThat(ready.get("totalBytes").asLong()).isEqualTo(size);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse_progress_it.meters", Long.class))
                .isEqualTo(25_000);

        var progress = DatasetTopic.awaitRecords(
                        Topic.DATASET_PROGRESS, id, record -> record.value().contains("\"phase\":\"done\""))
                .stream()
                .map(record -> mapper.readTree(record.value()))
                .toList();
        assertThat(progress).allSatisfy(event -> {
            assertThat(event.get("type").asString()).isEqualTo("IngestionProgressed");
            assertThat(event.get("tenantId").asString()).isEqualTo(TENANT);
            assertThat(event.get("totalBytes").asLong()).isEqualTo(size);
        });
        assertThat(progress)
                .extracting(event -> event.get("phase").asString())
                .startsWith("upload")
                .contains("load", "profile")
                .endsWith("done");
        assertThat(progress)
                .extracting(event -> event.get("rowsLoaded").asLong())
                .isSorted()
                .endsWith(25_000L);
        // Ticks during the copy are best effort (at most four a second, none before the upload is
        // complete and named); the copy's end always is one.
        assertThat(progress)
                .filteredOn(event -> event.get("phase").asString().equals("load"))
                .last()
                .satisfies(event -> assertThat(event.get("rowsLoaded").asLong()).isEqualTo(25_000));
        // The upload phase counts bytes received (all of them), the phases after it bytes read back.
        assertThat(progress.getFirst().get("bytesRead").asLong()).isEqualTo(size);
        assertThat(progress.subList(1, progress.size()))
                .extracting(event -> event.get("bytesRead").asLong())
                .isSorted()
                .endsWith((long) size);
        assertThat(DatasetTopic.awaitRecord(Topic.DATASETS, id, "DatasetReady").value())
                .contains("\"version\":1");

        web.get()
                .uri(accepted.get("statusUrl").asString())
                .header("X-Tenant-Id", "someone_else")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aFailedReloadEndsWithDatasetFailedAndLeavesTheReadyVersionLatestOnTheDatasetsTopic() {
        var first = uploadInBackground("/api/datasets", "", "a,b\n1,2\n", "reloaded.csv")
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(first).isNotNull();
        var id = UUID.fromString(first.get("id").asString());
        DatasetTopic.awaitRecord(Topic.DATASETS, id, "DatasetReady");

        var accepted = uploadInBackground("/api/datasets?async=true", "", "a,b\n1,2\n3\n", "reloaded.csv")
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(accepted).isNotNull();
        assertThat(accepted.get("id").asString()).isEqualTo(id.toString());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(accepted.get("statusUrl").asString(), TENANT)
                        .get("status")
                        .asString()
                        .equals("failed"));
        var failed = status(accepted.get("statusUrl").asString(), TENANT);
        assertThat(failed.get("message").asString()).contains("Line 3");

        var events = DatasetTopic.awaitRecords(
                Topic.DATASET_PROGRESS, id, record -> DatasetTopic.type(record).equals("DatasetFailed"));
        // The first load's upload ... done, then the reload's upload and its failure.
        assertThat(events.subList(events.size() - 2, events.size()))
                .extracting(DatasetTopic::type)
                .containsExactly("IngestionProgressed", "DatasetFailed");
        var failure = mapper.readTree(events.getLast().value());
        assertThat(failure.get("name").asString()).isEqualTo("reloaded");
        assertThat(failure.get("message").asString()).contains("Line 3");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse_progress_it.reloaded", Long.class))
                .isEqualTo(1);

        // The compacted topic keeps every dataset's current version because nothing else is keyed there.
        assertThat(DatasetTopic.allTypes(Topic.DATASETS)).isNotEmpty().containsOnly("DatasetReady");
    }

    @Test
    void aLoadLeftUnfinishedByAStopReadsAsInterruptedNeverAsLoadingForever() {
        var id = UUID.randomUUID();
        loadProgress.started(id, TENANT, "half_loaded", 1_000);
        assertThat(status("/api/datasets/" + id + "/status", TENANT)
                        .get("status")
                        .asString())
                .isEqualTo("loading");

        // What start-up does with the loads the previous run of this instance left behind.
        loadProgress.run(null);

        var interrupted = status("/api/datasets/" + id + "/status", TENANT);
        assertThat(interrupted.get("status").asString()).isEqualTo("failed");
        assertThat(interrupted.get("message").asString()).contains("interrupted");

        // A load whose instance never came back goes stale instead.
        var abandoned = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO ingestion.dataset_loads (dataset_id, tenant_id, name, status, phase, owner, updated_at)
                VALUES (?, ?, 'abandoned', 'loading', 'load', 'gone:8083', now() - interval '1 day')
                """, abandoned, TENANT);
        assertThat(status("/api/datasets/" + abandoned + "/status", TENANT)
                        .get("status")
                        .asString())
                .isEqualTo("failed");
        web.get()
                .uri("/api/datasets/{id}/status", UUID.randomUUID())
                .header("X-Tenant-Id", TENANT)
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
