package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.ingestion.DatasetTopic;
import dev.analyst.ingestion.IntegrationTest;
import dev.analyst.ingestion.SharedDatasets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DatasetUploadIT extends IntegrationTest {

    private static final String TENANT = "upload_it";
    private static final Path HOUSING = SharedDatasets.path("housing.csv");

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper mapper;

    private WebTestClient.ResponseSpec upload(String tenant, Resource file, String filename) {
        var parts = new MultipartBodyBuilder();
        parts.part("file", file).filename(filename).contentType(MediaType.TEXT_PLAIN);
        return web.post()
                .uri("/api/datasets")
                .header("X-Tenant-Id", tenant)
                .header("X-User-Id", "ada")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange();
    }

    private static Resource bytes(String content) {
        return new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8));
    }

    private long tables(String schema, String pattern) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename LIKE ?",
                Long.class,
                schema,
                pattern);
        return count == null ? 0 : count;
    }

    @Test
    void loadsHousingIntoTheTenantsWarehouseAndAnnouncesIt() {
        var body = upload(TENANT, new FileSystemResource(HOUSING), "housing.csv")
                .expectStatus()
                .isCreated()
                .expectHeader()
                .exists("Location")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(body).isNotNull();
        assertThat(body.get("name").asString()).isEqualTo("housing");
        assertThat(body.get("status").asString()).isEqualTo("ready");
        assertThat(body.get("rowCount").asLong()).isEqualTo(398);
        var table = body.get("tables").get(0);
        assertThat(table.get("name").asString()).isEqualTo("housing");
        assertThat(table.get("rowCount").asLong()).isEqualTo(398);
        assertThat(table.get("columns").findValuesAsString("name"))
                .startsWith("price", "area", "bedrooms")
                .contains("furnishingstatus");
        assertThat(columnType(table, "price")).isEqualTo("bigint");
        assertThat(columnType(table, "mainroad")).isEqualTo("text");
        assertThat(column(table, "furnishingstatus")
                        .get("topValues")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .containsExactlyInAnyOrder("furnished", "semi-furnished", "unfurnished");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse_upload_it.housing", Long.class))
                .isEqualTo(398);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM warehouse_upload_it.housing WHERE mainroad = 'yes'", Long.class))
                .isPositive();
        assertThat(tables("warehouse_" + TENANT, "\\_load\\_%")).isZero();

        var id = UUID.fromString(body.get("id").asString());
        var record = DatasetTopic.awaitRecord(id, "DatasetReady");
        var event = mapper.readTree(record.value());
        assertThat(event.get("type").asString()).isEqualTo("DatasetReady");
        assertThat(event.get("tenantId").asString()).isEqualTo(TENANT);
        assertThat(event.get("location").get("schema").asString()).isEqualTo("warehouse_upload_it");
        assertThat(event.get("tables").get(0).get("rowCount").asLong()).isEqualTo(398);
        var progress = mapper.readTree(
                DatasetTopic.awaitRecord(id, "IngestionProgressed").value());
        assertThat(progress.get("totalBytes").asLong())
                .isEqualTo(HOUSING.toFile().length());

        web.get()
                .uri("/api/datasets/{id}", id)
                .header("X-Tenant-Id", TENANT)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1);
        web.get()
                .uri("/api/datasets/{id}", id)
                .header("X-Tenant-Id", "someone_else")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void reuploadingANameMakesANewVersionOfTheSameDataset() {
        var first = upload(TENANT, bytes("city,sales\nLima,1\n"), "sales.csv")
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var second = upload(TENANT, bytes("city,sales\nLima,1\nQuito,2\n"), "sales.csv")
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(second.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(second.get("version").asLong()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse_upload_it.sales", Long.class))
                .isEqualTo(2);

        upload(TENANT, bytes("city,sales\nLima,1\nQuito\n"), "sales.csv")
                .expectStatus()
                .isBadRequest();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse_upload_it.sales", Long.class))
                .isEqualTo(2);
        web.get()
                .uri("/api/datasets/{id}", second.get("id").asString())
                .header("X-Tenant-Id", TENANT)
                .exchange()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(2);
    }

    @Test
    void exposesProbesAndUploadMetrics() {
        upload(TENANT, bytes("k,v\na,1\n"), "metrics.csv").expectStatus().isCreated();

        web.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(metrics -> assertThat(metrics)
                        .contains("analyst_ingestion_uploads_total{")
                        .contains("outcome=\"ready\"")
                        .contains("service=\"ingestion-service\""));
    }

    @Test
    void rejectsAnEmptyFileWithAProblemAndLeavesNoTable() {
        upload(TENANT, bytes(""), "empty.csv")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("empty-file")
                .jsonPath("$.status")
                .isEqualTo(400);

        assertThat(tables("warehouse_" + TENANT, "empty%")).isZero();
        assertThat(tables("warehouse_" + TENANT, "\\_load\\_%")).isZero();
    }

    @Test
    void rejectsAHeaderOnlyFileAndARaggedFileNamingTheLine() {
        upload(TENANT, bytes("a,b\r\n"), "header.csv")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("no-data-rows");
        upload(TENANT, bytes("a,b\n1,2\n3\n"), "ragged.csv")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("malformed-file")
                .jsonPath("$.line")
                .isEqualTo(3);

        assertThat(tables("warehouse_" + TENANT, "header%")).isZero();
        assertThat(tables("warehouse_" + TENANT, "ragged%")).isZero();
    }

    @Test
    void rejectsRequestsWithoutATenantOrWithoutAFile() {
        web.get()
                .uri("/api/datasets")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("missing-tenant");
        web.get()
                .uri("/api/datasets")
                .header("X-Tenant-Id", "Robert'); DROP")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid-tenant");

        var parts = new MultipartBodyBuilder();
        parts.part("name", "nothing");
        web.post()
                .uri("/api/datasets")
                .header("X-Tenant-Id", TENANT)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("no-file");
    }

    private static JsonNode column(JsonNode table, String name) {
        for (var column : table.get("columns")) {
            if (column.get("name").asString().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("No column " + name);
    }

    private static String columnType(JsonNode table, String name) {
        return column(table, name).get("type").asString();
    }
}
