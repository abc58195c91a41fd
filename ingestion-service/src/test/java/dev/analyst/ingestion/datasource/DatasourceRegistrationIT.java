package dev.analyst.ingestion.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.analyst.contracts.dataset.SecretBox;
import dev.analyst.infra.Infrastructure;
import dev.analyst.ingestion.DatasetTopic;
import dev.analyst.ingestion.IntegrationTest;
import dev.analyst.ingestion.SharedDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DatasourceRegistrationIT extends IntegrationTest {

    private static final String TENANT = "datasource_it";
    private static final String DATABASE = "chinook_it";

    @Autowired
    WebTestClient web;

    @Autowired
    JsonMapper mapper;

    @Autowired
    SecretBox secrets;

    @BeforeAll
    static void loadChinook() throws IOException, SQLException {
        var infra = Infrastructure.shared();
        infra.createDatabase(DATABASE);
        try (var connection = DriverManager.getConnection(infra.jdbcUrl(DATABASE), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            var loaded = statement.executeQuery("SELECT to_regclass('public.track') IS NOT NULL");
            loaded.next();
            if (!loaded.getBoolean(1)) {
                statement.execute(Files.readString(SharedDatasets.path("chinook.sql")));
            }
        }
    }

    private static Map<String, Object> registration(String name, String host) {
        var infra = Infrastructure.shared();
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("host", host);
        body.put("port", infra.dbPort());
        body.put("database", DATABASE);
        body.put("username", infra.dbUser());
        body.put("password", infra.dbPassword());
        return body;
    }

    private WebTestClient.ResponseSpec register(Map<String, Object> body) {
        return web.post()
                .uri("/api/datasources")
                .header("X-Tenant-Id", TENANT)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void introspectsChinookAndPublishesItWithASealedPassword() {
        var password = Infrastructure.shared().dbPassword();
        var raw = register(registration("chinook", "127.0.0.1"))
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(raw).isNotNull();
        var body = mapper.readTree(raw);
        assertThat(body.findValue("password")).isNull();
        assertThat(body.findValue("sealedPassword")).isNull();
        assertThat(body.get("kind").asString()).isEqualTo("postgres");
        assertThat(body.get("schema").asString()).isEqualTo("public");
        var tables = body.get("tables");
        assertThat(tables.size()).isEqualTo(11);
        var track = table(tables, "track");
        assertThat(track.get("rowCount").asLong()).isEqualTo(3503);
        assertThat(track.get("primaryKey").get(0).asString()).isEqualTo("track_id");
        var albumKey = foreignKeyTo(track, "album");
        assertThat(albumKey.get("columns").get(0).asString()).isEqualTo("album_id");
        assertThat(albumKey.get("referencedColumns").get(0).asString()).isEqualTo("album_id");
        var mediaTypes = column(table(tables, "media_type"), "name").get("topValues");
        assertThat(mediaTypes.size()).isEqualTo(5);
        var artists = column(table(tables, "artist"), "name").get("topValues");
        assertThat(artists.size())
                .as("every name of a naming column, for questions that name one")
                .isEqualTo(275);
        assertThat(column(table(tables, "track"), "name").get("topValues").size())
                .as("3,503 track names: too many")
                .isZero();
        assertThat(column(table(tables, "customer"), "address").get("topValues").size())
                .as("no naming column, and too many distinct values")
                .isZero();

        var id = UUID.fromString(body.get("id").asString());
        var event = mapper.readTree(DatasetTopic.awaitRecord(id, "DatasetReady").value());
        var location = event.get("location");
        assertThat(location.get("kind").asString()).isEqualTo("ExternalPostgres");
        assertThat(location.get("host").asString()).isEqualTo("127.0.0.1");
        var sealed = location.get("sealedPassword").asString();
        assertThat(sealed).isNotEqualTo(password);
        assertThat(secrets.open(sealed)).isEqualTo(password);

        var listed = web.get()
                .uri("/api/datasources")
                .header("X-Tenant-Id", TENANT)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(listed).contains(id.toString()).doesNotContain(sealed);
        var list = mapper.readTree(listed);
        assertThat(list.findValue("password")).isNull();
        assertThat(list.findValue("sealedPassword")).isNull();
    }

    @Test
    void refreshIntrospectsAgainAsANewVersion() throws SQLException {
        var infra = Infrastructure.shared();
        infra.createDatabase("refresh_it");
        try (var connection =
                        DriverManager.getConnection(infra.jdbcUrl("refresh_it"), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS late_arrival; CREATE TABLE IF NOT EXISTS first_table (id int)");
        }
        var body = registration("refreshed", "127.0.0.1");
        body.put("database", "refresh_it");
        var created = mapper.readTree(register(body)
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(created.get("tables").size()).isEqualTo(1);
        var id = created.get("id").asString();

        try (var connection =
                        DriverManager.getConnection(infra.jdbcUrl("refresh_it"), infra.dbUser(), infra.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE late_arrival (id int, label text)");
        }
        var refreshed = mapper.readTree(web.post()
                .uri("/api/datasources/" + id + "/refresh")
                .header("X-Tenant-Id", TENANT)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(refreshed.get("version").asLong())
                .isEqualTo(created.get("version").asLong() + 1);
        assertThat(refreshed.get("tables").size()).isEqualTo(2);
        assertThat(refreshed.findValue("password")).isNull();

        web.post()
                .uri("/api/datasources/" + id + "/refresh")
                .header("X-Tenant-Id", "someone_else")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void refusesLoopbackAddressesOutsideTheAllowList() {
        for (var host : new String[] {"127.0.0.2", "::1"}) {
            var problem = register(registration("sneaky", host))
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(problem).contains("egress-refused").doesNotContainIgnoringCase("postgresql");
        }
    }

    @Test
    void reportsAMissingDatabaseWithoutEchoingTheServer() {
        var body = registration("missing", "127.0.0.1");
        body.put("database", "no_such_database");

        var problem = register(body)
                .expectStatus()
                .isEqualTo(422)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(problem).contains("datasource-unreachable").doesNotContainIgnoringCase("FATAL");
    }

    private static JsonNode table(JsonNode tables, String name) {
        for (var table : tables) {
            if (table.get("name").asString().equals(name)) {
                return table;
            }
        }
        throw new AssertionError("No table " + name);
    }

    private static JsonNode column(JsonNode table, String name) {
        for (var column : table.get("columns")) {
            if (column.get("name").asString().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("No column " + name);
    }

    private static JsonNode foreignKeyTo(JsonNode table, String referenced) {
        for (var key : table.get("foreignKeys")) {
            if (key.get("referencedTable").asString().equals(referenced)) {
                return key;
            }
        }
        throw new AssertionError("No foreign key to " + referenced);
    }
}
