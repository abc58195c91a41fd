package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.analyst.contracts.Topic;
import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.contracts.dataset.WarehouseReader;
import dev.analyst.ingestion.DatasetTopic;
import dev.analyst.ingestion.IntegrationTest;
import dev.analyst.ingestion.SharedDatasets;
import dev.analyst.ingestion.source.TestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
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

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    javax.sql.DataSource dataSource;

    @Autowired
    AbandonedStagingTables abandoned;

    @Autowired
    SecretBox secrets;

    private WebTestClient.ResponseSpec upload(String tenant, Resource file, String filename) {
        return new Uploads(web, "ada").upload(tenant, "/api/datasets", file, filename);
    }

    /** Uploads {@code csv} for the test tenant, expecting {@code 201}; the dataset as answered. */
    private JsonNode created(String csv, String filename) {
        return new Uploads(web, "ada").created(TENANT, "/api/datasets", csv, filename);
    }

    /** Uploads {@code file} for {@code tenant}, expecting {@code 201}; the dataset as answered. */
    private JsonNode created(String tenant, Resource file, String filename) {
        return new Uploads(web, "ada").created(tenant, "/api/datasets", file, filename);
    }

    private static Resource bytes(String content) {
        return Uploads.bytes(content);
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
        var progress = mapper.readTree(DatasetTopic.awaitRecord(Topic.DATASET_PROGRESS, id, "IngestionProgressed")
                .value());
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
    void theTenantsReadOnlyLoginReadsTheTablesItsLoadsPublishAndNothingElse() throws Exception {
        // Housing loads by a direct COPY into a staging table moved into the schema; day-first dates load on
        // the general path. Both kinds of table must be readable by the tenant's login.
        created("reader_it", new FileSystemResource(HOUSING), "housing.csv");
        created(
                "reader_it",
                new ByteArrayResource("n,day\n1,2024-01-01\n2,\"05/01/2024\"\n".getBytes(StandardCharsets.UTF_8)),
                "detour.csv");
        created("reader_other_it", new FileSystemResource(HOUSING), "housing.csv");
        var reader = WarehouseReader.of("reader_it");
        String url;
        try (var owner = dataSource.getConnection()) {
            url = owner.getMetaData().getURL();
        }

        try (var connection = DriverManager.getConnection(url, reader.role(), reader.password(secrets));
                var statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT (SELECT count(*) FROM housing), (SELECT count(*) FROM detour)");
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(398);
            assertThat(rows.getLong(2)).isEqualTo(2);
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM warehouse_reader_other_it.housing"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> statement.execute("DELETE FROM housing"))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isIn("42501", "25006"));
        }
    }

    @Test
    void profilesHousingAnnouncesTheProfileAndServesIt() {
        var tenant = "profile_it";
        var body = created(tenant, new FileSystemResource(HOUSING), "housing.csv");
        assertThat(body).isNotNull();
        var id = UUID.fromString(body.get("id").asString());

        var table = mapper.readTree(DatasetTopic.awaitRecord(id, "DatasetReady").value())
                .get("tables")
                .get(0);
        assertThat(table.get("rowCount").asLong()).isEqualTo(398);
        var price = column(table, "price").get("profile");
        assertThat(price.get("nullShare").asDouble()).isZero();
        // The cheapest of the 398 homes in shared/datasets/housing.csv (the 545-row original goes
        // down to 1,750,000).
        assertThat(price.get("numeric").get("min").asDouble()).isEqualTo(3_500_000);
        assertThat(price.get("numeric").get("max").asDouble()).isEqualTo(13_300_000);
        Double mean = jdbc.queryForObject("SELECT avg(price)::float8 FROM warehouse_profile_it.housing", Double.class);
        assertThat(price.get("numeric").get("mean").asDouble()).isCloseTo(mean, within(1e-6));
        var buckets = price.get("numeric").get("histogram");
        assertThat(buckets.size()).isBetween(10, 20);
        assertThat(buckets.valueStream()
                        .mapToLong(bucket -> bucket.get("count").asLong())
                        .sum())
                .isEqualTo(398);
        assertThat(column(table, "furnishingstatus")
                        .get("profile")
                        .get("text")
                        .get("topValues")
                        .findValuesAsString("value"))
                .containsExactlyInAnyOrder("furnished", "semi-furnished", "unfurnished");
        var profile = table.get("profile");
        assertThat(profile.get("sampleRows").size()).isEqualTo(5);
        assertThat(profile.get("sampleRows").get(0).get(0).asLong()).isEqualTo(13_300_000);
        assertThat(profile.get("correlations").findValuesAsString("first")).contains("price");

        web.get()
                .uri("/api/datasets/{id}/profile", id)
                .header("X-Tenant-Id", tenant)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1)
                .jsonPath("$.tables[0].rowCount")
                .isEqualTo(398)
                .jsonPath("$.tables[0].columns[0].profile.numeric.max")
                .isEqualTo(13_300_000.0);
        web.get()
                .uri("/api/datasets/{id}/profile", id)
                .header("X-Tenant-Id", "someone_else")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("dataset-not-found");
    }

    @Test
    void reuploadingANameMakesANewVersionOfTheSameDataset() {
        var first = created(TENANT, bytes("city,sales\nLima,1\n"), "sales.csv");
        var second = created(TENANT, bytes("city,sales\nLima,1\nQuito,2\n"), "sales.csv");

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
    void reuploadingTheSameBytesKeepsTheCurrentVersion() {
        var content = bytes("region,units\nNorth,3\nSouth,4\n");
        var first = created(TENANT, content, "units.csv");
        var again = upload(TENANT, content, "units.csv")
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var changed = created(TENANT, bytes("region,units\nNorth,3\nSouth,5\n"), "units.csv");

        assertThat(first).isNotNull();
        assertThat(again).isNotNull();
        assertThat(changed).isNotNull();
        assertThat(again.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(again.get("version").asLong()).isEqualTo(first.get("version").asLong());
        assertThat(changed.get("version").asLong())
                .isEqualTo(first.get("version").asLong() + 1);
        assertThat(tables("ingestion", "\\_load\\_%"))
                .as("the copy of the unchanged file, rolled back, dropped")
                .isZero();
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

    @Test
    void loadsEveryNonEmptySheetOfAWorkbookAsATableOfOneDataset() {
        var body = created(TENANT, new ByteArrayResource(TestFiles.twoSheetWorkbook()), "regions.xlsx");

        assertThat(body).isNotNull();
        assertThat(body.get("rowCount").asLong()).isEqualTo(5);
        var tables = body.get("tables");
        assertThat(tables.valueStream().map(table -> table.get("name").asString()))
                .containsExactly("regions_sales_q1", "regions_staff");
        assertThat(tables.valueStream().map(table -> table.get("label").asString()))
                .containsExactly("Sales Q1", "Staff");
        assertThat(tables.get(0).get("rowCount").asLong()).isEqualTo(3);
        assertThat(tables.get(1).get("rowCount").asLong()).isEqualTo(2);
        assertThat(columnType(tables.get(0), "amount")).isEqualTo("numeric");
        assertThat(columnType(tables.get(0), "day")).isEqualTo("date");
        assertThat(jdbc.queryForObject("SELECT sum(amount) FROM warehouse_upload_it.regions_sales_q1", String.class))
                .isEqualTo("60.75");
        assertThat(jdbc.queryForObject("SELECT max(day)::text FROM warehouse_upload_it.regions_sales_q1", String.class))
                .isEqualTo("2024-01-03");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM warehouse_upload_it.regions_staff", Long.class))
                .isEqualTo(2);

        var event = mapper.readTree(
                DatasetTopic.awaitRecord(UUID.fromString(body.get("id").asString()), "DatasetReady")
                        .value());
        assertThat(event.get("tables")
                        .valueStream()
                        .map(table -> table.get("name").asString()))
                .containsExactly("regions_sales_q1", "regions_staff");
    }

    @Test
    void loadsALegacyExcelWorkbookSheetBySheet() {
        var body = created(TENANT, new ByteArrayResource(TestFiles.twoSheetLegacyWorkbook()), "legacy regions.xls");

        assertThat(body).isNotNull();
        assertThat(body.get("tables")
                        .valueStream()
                        .map(table -> table.get("name").asString()))
                .containsExactly("legacy_regions_sales_q1", "legacy_regions_staff");
        assertThat(jdbc.queryForObject(
                        "SELECT sum(\"double\") FROM warehouse_upload_it.legacy_regions_sales_q1", String.class))
                .isEqualTo("121.5");
    }

    @Test
    void loadsUtf16AndWindows1252TextWithTheirNamesAndValuesIntact() {
        var utf16 = "\uFEFFSt\u00e4dte;Anzahl\r\nK\u00f6ln;3\nM\u00fcnchen;4\r\n".getBytes(StandardCharsets.UTF_16LE);
        var ansi = "Caf\u00e9,Price\nCr\u00e8me br\u00fbl\u00e9e,5\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));

        var german = created(TENANT, new ByteArrayResource(utf16), "staedte.csv");
        var french = created(TENANT, new ByteArrayResource(ansi), "menu.csv");

        assertThat(german).isNotNull();
        assertThat(column(german.get("tables").get(0), "stadte").get("label").asString())
                .isEqualTo("St\u00e4dte");
        assertThat(jdbc.queryForList("SELECT stadte FROM warehouse_upload_it.staedte ORDER BY anzahl", String.class))
                .containsExactly("K\u00f6ln", "M\u00fcnchen");
        assertThat(french).isNotNull();
        assertThat(column(french.get("tables").get(0), "cafe").get("label").asString())
                .isEqualTo("Caf\u00e9");
        assertThat(jdbc.queryForObject("SELECT cafe FROM warehouse_upload_it.menu", String.class))
                .isEqualTo("Cr\u00e8me br\u00fbl\u00e9e");
    }

    @Test
    void widensAColumnInPlaceWhenALaterRowNeedsAWiderType() {
        var csv = "id,amount,day\n1,10,2024-01-01\n2,20,2024-01-02\n3,30,2024-01-03\n4,40,2024-01-04\n"
                + "5,50,2024-01-05\n6,\"1,250.75\",2024-01-06 10:30:00\n7,9007199254740993,2024-01-07\n";
        double retypedBefore = retyped();

        var loaded = created(csv, "widening.csv");

        var table = loaded.get("tables").get(0);
        assertThat(columnType(table, "amount")).isEqualTo("numeric");
        assertThat(columnType(table, "day")).isEqualTo("timestamp");
        assertThat(jdbc.queryForList("SELECT amount::text FROM warehouse_upload_it.widening ORDER BY id", String.class))
                .containsExactly("10", "20", "30", "40", "50", "1250.75", "9007199254740993");
        assertThat(jdbc.queryForObject("SELECT day::text FROM warehouse_upload_it.widening WHERE id = 6", String.class))
                .isEqualTo("2024-01-06 10:30:00");
        assertThat(retyped()).as("widened in place, not loaded again").isEqualTo(retypedBefore);
    }

    @Test
    void loadsAgainWithTheWholeFilesTypesWhenTheSampleMisjudgedAColumn() {
        // The first rows look like numbers with a decimal point; a later one shows the point groups thousands.
        var csv = "code,price,city\n1,1.234,Porto\n2,2.500,Braga\n3,3.750,Faro\n4,4.125,Porto\n5,5.000,Porto\n"
                + "A-6,\"1.234,50\",Faro\n";
        double retypedBefore = retyped();

        var loaded = created(csv, "misjudged.csv");

        var table = loaded.get("tables").get(0);
        assertThat(columnType(table, "code")).isEqualTo("text");
        assertThat(columnType(table, "price")).isEqualTo("numeric");
        assertThat(jdbc.queryForList("SELECT code FROM warehouse_upload_it.misjudged ORDER BY code", String.class))
                .as("codes as written, not numbers turned back into text")
                .containsExactly("1", "2", "3", "4", "5", "A-6");
        assertThat(jdbc.queryForList(
                        "SELECT price::text FROM warehouse_upload_it.misjudged ORDER BY code", String.class))
                .containsExactly("1234", "2500", "3750", "4125", "5000", "1234.50");
        assertThat(retyped()).isEqualTo(retypedBefore + 1);
        assertThat(tables("warehouse_upload_it", "\\_load\\_%"))
                .as("no staging table left")
                .isZero();
    }

    @Test
    void letsPostgresqlParseCleanTextItselfWithTheValuesTheGeneralPathWouldLoad() {
        var csv = "\uFEFFid;name;amount;day;note\r\n1;\"Lisboa; Portugal\";12.50;2024-01-05;\"\"\r\n"
                + "2;\"say \"\"hi\"\"\";7;2024-01-06;\"two\r\nlines\"\r\n;;;;\r\n3;Zürich;\"-1\";\"2024-01-07\";x\r\n"
                + "4;Porto;0.5;2024-01-08;y\r\n5;Faro;3;2024-01-09;z\r\n";
        double directBefore = counted("analyst.ingestion.loads.direct");

        var loaded = created(csv, "direct.csv");

        assertThat(counted("analyst.ingestion.loads.direct")).isEqualTo(directBefore + 1);
        assertThat(loaded).isNotNull();
        assertThat(loaded.get("rowCount").asLong())
                .as("the all-blank record skipped")
                .isEqualTo(5);
        var table = loaded.get("tables").get(0);
        assertThat(columnType(table, "amount")).isEqualTo("numeric");
        assertThat(columnType(table, "day")).isEqualTo("date");
        assertThat(column(table, "id").get("nullable").asBoolean()).isFalse();
        assertThat(column(table, "note").get("nullable").asBoolean()).isTrue();
        assertThat(jdbc.queryForList(
                        "SELECT concat_ws('|', id, name, amount, day, coalesce(note, 'NULL'))"
                                + " FROM warehouse_upload_it.direct ORDER BY id",
                        String.class))
                .containsExactly(
                        "1|Lisboa; Portugal|12.50|2024-01-05|NULL",
                        "2|say \"hi\"|7|2024-01-06|two\r\nlines",
                        "3|Zürich|-1|2024-01-07|x",
                        "4|Porto|0.5|2024-01-08|y",
                        "5|Faro|3|2024-01-09|z");
    }

    @Test
    void aValueADirectCopyRefusesSendsTheFileDownTheGeneralPathWithNothingLeftBehind() {
        var csv = "n,day\n1,2024-01-01\n2,2024-01-02\n3,2024-01-03\n4,2024-01-04\n5,\"05/01/2024\"\n6,06/01/2024\n";
        double directBefore = counted("analyst.ingestion.loads.direct");

        var loaded = created(csv, "detour.csv");

        assertThat(counted("analyst.ingestion.loads.direct")).isEqualTo(directBefore);
        assertThat(columnType(loaded.get("tables").get(0), "day")).isEqualTo("date");
        assertThat(jdbc.queryForObject("SELECT day::text FROM warehouse_upload_it.detour WHERE n = 5", String.class))
                .as("read day first, converted by the service")
                .isEqualTo("2024-01-05");
        assertThat(tables("warehouse_upload_it", "\\_load\\_%")).isZero();
        assertThat(tables("ingestion", "\\_load\\_%")).as("the abandoned copy").isZero();
    }

    @Test
    void checksTheLastRecordOfAFileWithoutALineEndLikeAnyOther() {
        var csv = "n,day\n1,2024-01-01\n2,2024-01-02\n3,2024-01-03\n4,2024-01-04\n5,2024-01-05\n6,07/01/2024";

        var loaded = created(csv, "unterminated.csv");

        assertThat(loaded.get("rowCount").asLong()).isEqualTo(6);
        assertThat(jdbc.queryForObject(
                        "SELECT day::text FROM warehouse_upload_it.unterminated WHERE n = 6", String.class))
                .as("day first, as the rest of the column allows, not PostgreSQL's month first")
                .isEqualTo("2024-01-07");
    }

    @Test
    void keepsEveryRowWhenALineWouldEndACopyEarly() {
        // To COPY, a line of just \. ends the data (and the rest is dropped without an error).
        var csv = "note\na\nb\n\\.\nc\nd\ne\n";

        var loaded = created(csv, "end_marker.csv");

        assertThat(loaded.get("rowCount").asLong()).isEqualTo(6);
        assertThat(jdbc.queryForList("SELECT note FROM warehouse_upload_it.end_marker ORDER BY note", String.class))
                .containsExactly("\\.", "a", "b", "c", "d", "e");
    }

    @Test
    void copiesAFileDirectlyWhoseQuotedHeaderFollowsAByteOrderMark() {
        // As Excel writes CSV: a byte order mark, then every header label quoted.
        var csv = "\uFEFF\"id\",\"city\"\n1,Porto\n2,Faro\n3,Braga\n4,Lisboa\n5,Évora\n";
        double directBefore = counted("analyst.ingestion.loads.direct");

        var loaded = created(csv, "excel_export.csv");

        assertThat(counted("analyst.ingestion.loads.direct")).isEqualTo(directBefore + 1);
        assertThat(column(loaded.get("tables").get(0), "id")).isNotNull();
        assertThat(jdbc.queryForObject("SELECT city FROM warehouse_upload_it.excel_export WHERE id = 5", String.class))
                .isEqualTo("Évora");
    }

    @Test
    void dropsTheStagingTablesOfKilledLoadsButNotThoseOfRunningOnes() throws Exception {
        // A copy committed by a process that was killed before its load's transaction ended, and one a
        // running load (another instance, say) still claims with its advisory lock.
        jdbc.execute("CREATE TABLE ingestion._load_00000000000000aa (c1 bigint)");
        jdbc.execute("CREATE TABLE ingestion._load_00000000000000bb (c1 bigint)");
        try (var running = dataSource.getConnection()) {
            running.setAutoCommit(false);
            running.createStatement().execute("SELECT pg_advisory_xact_lock(" + 0xbb + ")");

            int dropped = abandoned.drop();

            assertThat(dropped).isEqualTo(1);
            assertThat(tables("ingestion", "\\_load\\_00000000000000aa")).isZero();
            assertThat(tables("ingestion", "\\_load\\_00000000000000bb")).isOne();
            running.rollback();
        }
        assertThat(abandoned.drop()).as("once its load ended").isOne();
        assertThat(tables("ingestion", "\\_load\\_%")).isZero();
    }

    private double counted(String counter) {
        var found = meters.find(counter).counter();
        return found == null ? 0 : found.count();
    }

    @Test
    void acceptsTheFileAsTheBodyItselfNamedByTheQueryOrTheFileName() {
        var named = web.post()
                .uri("/api/datasets?name=Body Sales")
                .header("X-Tenant-Id", TENANT)
                .header("X-User-Id", "ada")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("region,amount\nNorth,10\nSouth,20\n")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        var fromFile = web.post()
                .uri("/api/datasets")
                .header("X-Tenant-Id", TENANT)
                .header("X-User-Id", "ada")
                .header("Content-Disposition", "attachment; filename=\"Q3 Targets.csv\"")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue("region,target\nNorth,12\n".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(named).isNotNull();
        assertThat(named.get("name").asString()).isEqualTo("Body Sales");
        assertThat(jdbc.queryForObject("SELECT sum(amount) FROM warehouse_upload_it.body_sales", Long.class))
                .isEqualTo(30);
        assertThat(fromFile).isNotNull();
        assertThat(fromFile.get("name").asString()).isEqualTo("Q3 Targets");
        assertThat(jdbc.queryForObject("SELECT target FROM warehouse_upload_it.q3_targets", Long.class))
                .isEqualTo(12);
    }

    @Test
    void refusesABodyPastTheSizeLimitWithAProblemAndNoTable() {
        var tooLarge = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(tooLarge, (byte) '1');
        tooLarge[0] = 'n';
        tooLarge[1] = '\n';

        web.post()
                .uri("/api/datasets?name=huge_body")
                .header("X-Tenant-Id", TENANT)
                .header("X-User-Id", "ada")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(tooLarge)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(tables("warehouse_upload_it", "huge_body")).isZero();
        assertThat(tables("warehouse_upload_it", "\\_load\\_%")).isZero();
    }

    private double retyped() {
        var counter = meters.find("analyst.ingestion.loads.retyped").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void loadsJsonLinesWithNestedValuesAsJsonText() {
        var body = created(
                TENANT,
                bytes("{\"id\": 1, \"name\": \"Ada\", \"tags\": [\"math\"]}\n{\"id\": 2, \"city\": \"Paris\"}\n"),
                "people.jsonl");

        assertThat(body).isNotNull();
        var table = body.get("tables").get(0);
        assertThat(table.get("columns").findValuesAsString("name")).containsExactly("id", "name", "tags", "city");
        assertThat(columnType(table, "id")).isEqualTo("bigint");
        assertThat(jdbc.queryForObject("SELECT tags FROM warehouse_upload_it.people WHERE id = 1", String.class))
                .isEqualTo("[\"math\"]");
        assertThat(jdbc.queryForObject("SELECT city FROM warehouse_upload_it.people WHERE id = 2", String.class))
                .isEqualTo("Paris");
    }

    @Test
    void loadsParquetWithItsTypes() {
        var body = created(TENANT, new ByteArrayResource(TestFiles.parquet()), "items.parquet");

        assertThat(body).isNotNull();
        var table = body.get("tables").get(0);
        assertThat(table.get("rowCount").asLong()).isEqualTo(3);
        assertThat(columnType(table, "price")).isEqualTo("numeric");
        assertThat(columnType(table, "seen_at")).isEqualTo("timestamp with time zone");
        assertThat(jdbc.queryForObject("SELECT sum(price) FROM warehouse_upload_it.items", String.class))
                .isEqualTo("60.15");
    }

    @Test
    void refusesGarbageDocumentsAndBrokenParquetWithProblemsAndNoTable() {
        var garbage = new byte[2048];
        new java.util.Random(3).nextBytes(garbage);
        garbage[0] = 0;
        upload(TENANT, new ByteArrayResource(garbage), "garbage.xlsx")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("malformed-file");
        upload(TENANT, bytes("%PDF-1.7\n%garbage"), "document.csv")
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unsupported-format");
        upload(TENANT, bytes("PAR1\u0000\u0000PAR1"), "broken.parquet")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("malformed-file");

        assertThat(tables("warehouse_" + TENANT, "garbage%")).isZero();
        assertThat(tables("warehouse_" + TENANT, "document%")).isZero();
        assertThat(tables("warehouse_" + TENANT, "broken%")).isZero();
        assertThat(tables("warehouse_" + TENANT, "\\_load\\_%")).isZero();
    }

    @Test
    void refusesZipBombsAndExternalEntitiesWithoutFetchingAnything() throws java.io.IOException {
        var requests = new java.util.concurrent.atomic.AtomicInteger();
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        try {
            var url = "http://127.0.0.1:" + server.getAddress().getPort() + "/xxe";
            upload(
                            TENANT,
                            new ByteArrayResource(TestFiles.withExternalEntity(TestFiles.twoSheetWorkbook(), url)),
                            "xxe.xlsx")
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("unsafe-file");
            upload(TENANT, new ByteArrayResource(TestFiles.zipBomb(TestFiles.twoSheetWorkbook())), "bomb.xlsx")
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("unsafe-file");
        } finally {
            server.stop(0);
        }

        assertThat(requests).hasValue(0);
        assertThat(tables("warehouse_" + TENANT, "xxe%")).isZero();
        assertThat(tables("warehouse_" + TENANT, "bomb%")).isZero();
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
