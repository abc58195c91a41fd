package dev.analyst.ingestion.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.analyst.ingestion.DatasetTopic;
import dev.analyst.ingestion.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Messy and hostile files against the real PostgreSQL: typed where the data allows, refused with a
 * problem naming the line otherwise, never a table left behind, and one tenant's burst of uploads
 * never blocking another's.
 */
class HostileUploadIT extends IntegrationTest {

    private static final String TENANT = "hostile_it";

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper mapper;

    @Autowired
    TenantLoads tenantLoads;

    @Value("${local.server.port}")
    int port;

    private WebTestClient.ResponseSpec upload(String tenant, String uri, Resource file, String filename) {
        return new Uploads(web, "mallory").upload(tenant, uri, file, filename);
    }

    private JsonNode created(String uri, String content, String filename) {
        return new Uploads(web, "mallory").created(TENANT, uri, content, filename);
    }

    private static Resource bytes(String content) {
        return Uploads.bytes(content);
    }

    private long leftovers(String pattern) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = ? AND (tablename LIKE ? OR tablename LIKE"
                        + " '\\_load\\_%')",
                Long.class, "warehouse_" + TENANT, pattern);
        return count == null ? 0 : count;
    }

    private static JsonNode column(JsonNode table, String name) {
        for (var column : table.get("columns")) {
            if (column.get("name").asString().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("No column " + name);
    }

    @Test
    void loadsGroupedNumbersCurrenciesPercentagesAndCommonDateFormatsAsTypedColumns() {
        var csv = new StringBuilder("id,amount,eu_price,growth,day,us_day,named,at,answer,late\n"
                + "1,\"$1,234.50\",\"1.234,50 €\",12.5%,05/01/2024,01/05/2024,\"Jan 5, 2024\","
                + "2024-01-05T13:45:00+02:00,yes,1\n"
                + "2,(12.50),\"3,25 €\",-3%,31/12/2023,12/31/2023,5 Jan 2024,2024-01-05 13:45Z,no,2\n"
                + "3,$7,7 €,100%,01/02/2024,02/01/2024,\"February 1, 2024\",2024-02-01 00:00:00-0500,Yes,n/a\n");
        var body = created("/api/datasets", csv.toString(), "messy types.csv");

        var table = body.get("tables").get(0);
        assertThat(column(table, "amount").get("type").asString()).isEqualTo("numeric");
        assertThat(column(table, "amount").get("label").asString()).isEqualTo("amount ($)");
        assertThat(column(table, "eu_price").get("type").asString()).isEqualTo("numeric");
        assertThat(column(table, "growth").get("type").asString()).isEqualTo("numeric");
        assertThat(column(table, "growth").get("label").asString()).isEqualTo("growth (%)");
        assertThat(column(table, "day").get("type").asString()).isEqualTo("date");
        assertThat(column(table, "us_day").get("type").asString()).isEqualTo("date");
        assertThat(column(table, "named").get("type").asString()).isEqualTo("date");
        assertThat(column(table, "at").get("type").asString()).isEqualTo("timestamp with time zone");
        // Deliberate: yes/no stay the words people wrote; a late stray word makes its column text.
        assertThat(column(table, "answer").get("type").asString()).isEqualTo("text");
        assertThat(column(table, "late").get("type").asString()).isEqualTo("text");

        var row = jdbc.queryForMap("""
                SELECT sum(amount)::text AS amount, sum(eu_price)::text AS eu_price, sum(growth) AS growth,
                       string_agg(day::text, ',' ORDER BY id) AS day, string_agg(us_day::text, ',' ORDER BY id) AS us,
                       string_agg(named::text, ',' ORDER BY id) AS named,
                       string_agg(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), ',' ORDER BY id) AS at,
                       string_agg(late, ',' ORDER BY id) AS late
                FROM warehouse_hostile_it.messy_types
                """);
        assertThat(row.get("amount")).isEqualTo("1229.00");
        assertThat(row.get("eu_price")).isEqualTo("1244.75");
        assertThat(row.get("growth").toString()).isEqualTo("109.5");
        assertThat(row.get("day")).isEqualTo("2024-01-05,2023-12-31,2024-02-01");
        assertThat(row.get("us")).isEqualTo("2024-01-05,2023-12-31,2024-02-01");
        assertThat(row.get("named")).isEqualTo("2024-01-05,2024-01-05,2024-02-01");
        assertThat(row.get("at")).isEqualTo("2024-01-05 11:45,2024-01-05 13:45,2024-02-01 05:00");
        assertThat(row.get("late")).isEqualTo("1,2,n/a");
    }

    @Test
    void turnsHostileHeadersIntoSafeUniqueIdentifiersAndKeepsTheLabels() {
        var longHeader = "Revenue ".repeat(40).strip();
        var labels = List.of("\"; DROP TABLE x; --", "", "dup", "dup", longHeader, "select", "価格", "!!!");
        var header = "\"\"\"; DROP TABLE x; --\",,dup,dup," + longHeader + ",select,価格,!!!\n";
        var body = created("/api/datasets", header + "a,b,c,d,e,f,g,h\n", "hostile headers.csv");

        var columns = body.get("tables").get(0).get("columns");
        var names = new ArrayList<String>();
        columns.forEach(column -> names.add(column.get("name").asString()));
        assertThat(names).hasSize(8).doesNotHaveDuplicates().allMatch(name -> name.matches("[a-z_][a-z0-9_]{0,62}"));
        assertThat(names).contains("drop_table_x", "dup", "dup_2", "select_");
        var event = mapper.readTree(
                        DatasetTopic.awaitRecord(UUID.fromString(body.get("id").asString()), "DatasetReady")
                                .value())
                .get("tables")
                .get(0)
                .get("columns");
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.get(i).isEmpty()) {
                assertThat(event.get(i).get("label").asString()).isEqualTo(labels.get(i));
            }
            assertThat(event.get(i).get("name").asString()).isEqualTo(names.get(i));
        }
        var actual = new HashSet<>(jdbc.queryForList(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?",
                String.class,
                "warehouse_" + TENANT,
                "hostile_headers"));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(names);
        assertThat(jdbc.queryForObject("SELECT \"select_\" FROM warehouse_hostile_it.hostile_headers", String.class))
                .isEqualTo("f");
    }

    @Test
    void storesFormulaLikeCellsVerbatimAsText() {
        var body = created(
                "/api/datasets",
                "id,cell\r\n1,=1+1\r\n2,+cmd|' /C calc'!A0\r\n3,-2+3\r\n4,@SUM(A1:A2)\r\n5,\"\tx\"\r\n6,\"\rcmd\"\r\n",
                "formulas.csv");

        assertThat(column(body.get("tables").get(0), "cell").get("type").asString())
                .isEqualTo("text");
        assertThat(jdbc.queryForList("SELECT cell FROM warehouse_hostile_it.formulas ORDER BY id", String.class))
                .containsExactly("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx", "\rcmd");
        // FastCSV misreads a lone CR in a quoted field when lines end with LF: refused, not loaded wrong.
        upload(TENANT, "/api/datasets", bytes("id,cell\n5,x\n6,\"\rcmd\"\n7,y\n"), "stray cr.csv")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.line")
                .isEqualTo(3);
        assertThat(leftovers("stray%")).isZero();
    }

    @Test
    void refusesAnUnclosedQuoteAHugeFieldAndTwentyThousandColumnsNamingTheLine() {
        upload(TENANT, "/api/datasets", bytes("a,b\n1,2\n3,\"oops\n4,5\n"), "unclosed.csv")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("malformed-file")
                .jsonPath("$.line")
                .isEqualTo(3);
        upload(TENANT, "/api/datasets", bytes("a,b\n1,2\n3," + "x".repeat(1_100_000) + "\n"), "huge.csv")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.line")
                .isEqualTo(3)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("longer than the limit"));
        long start = System.nanoTime();
        upload(TENANT, "/api/datasets", bytes("c,".repeat(20_000) + "c\n1\n"), "wide.csv")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.line")
                .isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        assertThat(leftovers("unclosed%")).isZero();
        assertThat(leftovers("huge%")).isZero();
        assertThat(leftovers("wide%")).isZero();
    }

    @Test
    void quarantinesRaggedRowsWhenAskedAndCountsThem() {
        var csv = "city,sales\nLima,1\nQuito\nBogota,3,extra\nCusco,4\n";
        upload(TENANT, "/api/datasets", bytes(csv), "ragged rows.csv")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.line")
                .isEqualTo(3);

        var body = created("/api/datasets?onError=quarantine", csv, "ragged rows.csv");

        assertThat(body.get("rowCount").asLong()).isEqualTo(2);
        assertThat(body.get("rejectedRows").asLong()).isEqualTo(2);
        var rejected = body.get("tables").get(0).get("rejected");
        assertThat(rejected.get("table").asString()).isEqualTo("ragged_rows__rejected");
        assertThat(jdbc.queryForList(
                        "SELECT line || ':' || text FROM warehouse_hostile_it.ragged_rows__rejected ORDER BY line",
                        String.class))
                .containsExactly("3:Quito", "4:Bogota,3,extra");
        assertThat(jdbc.queryForObject("SELECT sum(sales) FROM warehouse_hostile_it.ragged_rows", Long.class))
                .isEqualTo(5);
        web.get()
                .uri("/api/datasets/{id}", body.get("id").asString())
                .header("X-Tenant-Id", TENANT)
                .exchange()
                .expectBody()
                .jsonPath("$.rejectedRows")
                .isEqualTo(2);

        // A clean new version drops the old rejected rows with the old table.
        created("/api/datasets?onError=quarantine", "city,sales\nLima,1\n", "ragged rows.csv");
        assertThat(leftovers("ragged\\_rows\\_\\_rejected")).isZero();
        upload(TENANT, "/api/datasets?onError=ignore", bytes(csv), "ragged rows.csv")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invalid-on-error");
    }

    @Test
    void refusesUploadsOverTheSizeLimitWith413() {
        upload(TENANT, "/api/datasets", new ByteArrayResource(new byte[5 * 1024 * 1024]), "big.csv")
                .expectStatus()
                .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("file-too-large");
        assertThat(leftovers("big%")).isZero();
    }

    @Test
    void limitsUploadsInProgressPerTenantWithoutAffectingOthers() throws Exception {
        var tenant = "busy_it";
        var client = WebClient.create("http://localhost:" + port);
        var bodies = new ArrayList<Sinks.Many<DataBuffer>>();
        var responses = new ArrayList<CompletableFuture<ResponseEntity<String>>>();
        for (int i = 0; i < 2; i++) {
            Sinks.Many<DataBuffer> content = Sinks.many().unicast().onBackpressureBuffer();
            var parts = new MultipartBodyBuilder();
            parts.asyncPart("file", content.asFlux(), DataBuffer.class)
                    .filename("slow" + i + ".csv")
                    .contentType(MediaType.TEXT_PLAIN);
            bodies.add(content);
            responses.add(client.post()
                    .uri("/api/datasets")
                    .header("X-Tenant-Id", tenant)
                    .contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(BodyInserters.fromMultipartData(parts.build()))
                    .exchangeToMono(response -> response.toEntity(String.class))
                    .toFuture());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tenantLoads.active(tenant) == 2);

        upload(tenant, "/api/datasets", bytes("a,b\n1,2\n"), "third.csv")
                .expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader()
                .valueEquals("Retry-After", "10")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("too-many-uploads");
        upload("calm_it", "/api/datasets", bytes("a,b\n1,2\n"), "other.csv")
                .expectStatus()
                .isCreated();

        for (var content : bodies) {
            content.tryEmitNext(
                    DefaultDataBufferFactory.sharedInstance.wrap("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
            content.tryEmitComplete();
        }
        for (var response : responses) {
            assertThat(response.get(30, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }
        assertThat(tenantLoads.active(tenant)).isZero();
        upload(tenant, "/api/datasets", bytes("a,b\n1,2\n"), "third.csv")
                .expectStatus()
                .isCreated();
    }
}
