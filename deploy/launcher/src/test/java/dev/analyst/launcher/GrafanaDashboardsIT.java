package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioned Grafana dashboards against the running suite: a real Prometheus server scrapes the
 * five services while questions (one of them mended by a hosted model), uploads and feedback go
 * through the public API; then every PromQL expression of every dashboard must return data from
 * Prometheus, and every SQL query must return rows from the ledger, run as the login Grafana uses.
 */
class GrafanaDashboardsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path TARGET =
            SharedSuite.repositoryRoot().resolve("deploy/launcher/target").toAbsolutePath();
    /** The CSV's columns; {@link #WEIGHT} is renamed under the agent's feet so that a query fails and is mended. */
    private static final String WEIGHT = "parcel_weight";

    private static Suite suite;
    private static PrometheusServer prometheus;
    private static Instant prometheusStarted;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void scrapeTheSuiteAndDriveTrafficThroughIt() throws Exception {
        suite = SharedSuite.get();
        var targets = new LinkedHashMap<String, URI>();
        for (var service : Service.values()) {
            targets.put(service.module, suite.url(service));
        }
        var binary = PrometheusBinary.locate(TARGET.resolve("prometheus-package"));
        prometheus = PrometheusServer.start(
                binary, Files.createTempDirectory(Files.createDirectories(TARGET), "prometheus-"), targets);
        prometheusStarted = Instant.now();

        var dataset = "parcels_" + Long.toString(System.nanoTime(), 36);
        suite.datasets().upload(parcels(40), dataset);
        suite.datasets().awaitPlannable(dataset);
        renameWeightColumn(dataset);
        SharedSuite.coder().mendRenamedColumn(WEIGHT, WEIGHT + "_kg");
        drive(dataset);
        // A rate needs a counter to move between two scrapes: drive again once Prometheus has seen the first wave.
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(prometheus.query("analyst_question_duration_seconds_count{outcome=\"failed\"}"))
                    .isNotEmpty();
            assertThat(prometheus.query("gen_ai_client_operation_duration_seconds_count"))
                    .isNotEmpty();
            assertThat(prometheus.query("analyst_ingestion_uploads_total{outcome!=\"ready\"}"))
                    .isNotEmpty();
        });
        rate(drive(dataset));
        setBudgetOfTheDemoUser();
        suite.datasets().upload(parcels(60), dataset + "_more");
        assertThat(SharedSuite.coder().corrections())
                .as("the hosted model mended a failed query in each wave")
                .isGreaterThanOrEqualTo(2);
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyPrometheusExpressionOfEveryDashboardReturnsData() throws Exception {
        var queries = DashboardFiles.queries(DashboardFiles.PROMETHEUS_UID);
        assertThat(queries).hasSizeGreaterThan(20);

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    var macros = promMacros();
                    var empty = new ArrayList<String>();
                    for (var query : queries) {
                        var expression = macros.promql(query.text());
                        if (!hasValue(prometheus.query(expression))) {
                            empty.add(query + ": " + expression);
                        }
                    }
                    assertThat(empty).as("queries without a finite value").isEmpty();
                });
    }

    @Test
    void everySqlQueryOfEveryDashboardReturnsRowsToGrafanasLogin() throws Exception {
        var queries = DashboardFiles.queries(DashboardFiles.POSTGRES_UID);
        assertThat(queries).hasSizeGreaterThan(10);
        grantGrafanaItsLogin();
        var url = databaseUrl();

        // The ledger is written from Kafka, a moment after the calls.
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    var macros = lastDay();
                    var empty = new ArrayList<String>();
                    try (var connection = DriverManager.getConnection(url, "grafana", "grafana");
                            var statement = connection.createStatement()) {
                        for (var query : queries) {
                            try (var rows = statement.executeQuery(macros.sql(query.text()))) {
                                if (!rows.next()) {
                                    empty.add(query.toString());
                                }
                            }
                        }
                    }
                    assertThat(empty).as("SQL queries without rows").isEmpty();
                });
    }

    /** Grafana's macros for a dashboard showing the last day, as the SQL panels are opened. */
    private static GrafanaMacros lastDay() {
        var now = Instant.now();
        return new GrafanaMacros(
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofMinutes(1)), Duration.ofMinutes(1), Map.of());
    }

    @Test
    void theCostPanelsPriceTheHostedModelsCallsAndProjectTheMonth() throws Exception {
        grantGrafanaItsLogin();
        var url = databaseUrl();
        var topUsers = query("analyst-costs.json", "Top users by cost", DashboardFiles.POSTGRES_UID);
        var projection = query("analyst-costs.json", "Month-end projection (USD)", DashboardFiles.POSTGRES_UID);
        var models = query("analyst-costs.json", "Models", DashboardFiles.POSTGRES_UID);

        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    var macros = lastDay();
                    try (var connection = DriverManager.getConnection(url, "grafana", "grafana");
                            var statement = connection.createStatement()) {
                        var userCost = BigDecimal.ZERO;
                        try (var rows = statement.executeQuery(macros.sql(topUsers))) {
                            while (rows.next()) {
                                if (rows.getString("user").equals(Suite.USER)) {
                                    userCost = rows.getBigDecimal("cost_usd");
                                }
                            }
                        }
                        assertThat(userCost).as("the demo user's cost").isPositive();
                        try (var rows = statement.executeQuery(macros.sql(models))) {
                            var hosted = false;
                            while (rows.next()) {
                                hosted |= rows.getString("model").equals(ScriptedCoder.MODEL)
                                        && rows.getBigDecimal("cost_usd").signum() > 0;
                            }
                            assertThat(hosted)
                                    .as(ScriptedCoder.MODEL + " priced")
                                    .isTrue();
                        }
                        try (var rows = statement.executeQuery(macros.sql(projection))) {
                            assertThat(rows.next()).isTrue();
                            var monthToDate = rows.getBigDecimal("month_to_date_usd");
                            assertThat(monthToDate).isPositive();
                            assertThat(rows.getBigDecimal("projected_month_usd"))
                                    .isGreaterThanOrEqualTo(monthToDate);
                        }
                    }
                });
        var tokens = prometheus.query(promMacros()
                .promql(query("analyst-pipeline.json", "Model tokens (GenAI)", DashboardFiles.PROMETHEUS_UID)));
        assertThat(tokens)
                .extracting(series ->
                        series.path("metric").path("gen_ai_request_model").asString())
                .contains(ScriptedCoder.MODEL);
    }

    private static String query(String dashboard, String panel, String datasourceUid) throws Exception {
        return DashboardFiles.queries(datasourceUid).stream()
                .filter(query ->
                        query.dashboard().equals(dashboard) && query.panel().equals(panel))
                .findFirst()
                .orElseThrow()
                .text();
    }

    @Test
    void grafanasLoginCannotWriteTheLedger() throws Exception {
        grantGrafanaItsLogin();
        var url = databaseUrl();
        try (var connection = DriverManager.getConnection(url, "grafana", "grafana");
                var statement = connection.createStatement()) {
            assertThat(catchThrowable(() -> statement.executeUpdate("DELETE FROM analytics.model_call")))
                    .isInstanceOf(SQLException.class);
        }
    }

    private static String databaseUrl() {
        var infrastructure = suite.infrastructure();
        return infrastructure.jdbcUrl(infrastructure.environment().get("ANALYST_DB_NAME"));
    }

    /** Every expression sees the whole run: its range and rate windows reach back to Prometheus's start. */
    private static GrafanaMacros promMacros() {
        var now = Instant.now();
        var window = Duration.between(prometheusStarted, now).plusSeconds(30);
        return new GrafanaMacros(now.minus(window), now, window, Map.of("service", ".*"));
    }

    /** A vector with at least one number (not NaN): a panel that would draw something. */
    private static boolean hasValue(JsonNode result) {
        for (var series : result) {
            var value = series.path("value").path(1).asString("NaN");
            if (!value.equals("NaN")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Answered questions (the second of each from the result cache), one the agent cannot place, one
     * whose query fails and is mended by the hosted model, and an upload that is refused.
     *
     * @return the run id of an answered question
     */
    private static String drive(String dataset) throws Exception {
        var answered = new ArrayList<String>();
        for (var question : List.of("How many parcels are there?", "What is the average price by region?")) {
            for (int time = 0; time < 2; time++) {
                var answer = ask(question, dataset);
                assertThat(answer.path("text").asString()).as(question).isNotBlank();
                answered.add(answer.path("runId").asString());
            }
        }
        ask("Why is the sky blue?", dataset);
        ask("What is the total " + WEIGHT.replace('_', ' ') + "?", dataset);
        failedUpload();
        return answered.getFirst();
    }

    private static JsonNode ask(String question, String dataset) throws Exception {
        var body = JSON.createObjectNode().put("question", question).put("dataset", dataset);
        var events = new SseClient()
                .post(
                        suite.gateway().resolve("/api/questions"),
                        suite.credentials().apiKey(),
                        body.toString());
        assertThat(events.getLast().event()).isIn("AnswerCompleted", "RunFailed");
        return JSON.readTree(events.getLast().data());
    }

    private static void rate(String runId) throws Exception {
        var request = HttpRequest.newBuilder(suite.gateway().resolve("/api/runs/" + runId + "/feedback"))
                .header("Authorization", "Bearer " + suite.credentials().apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"correct\": true}"))
                .build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() / 100)
                .isEqualTo(2);
    }

    /** A daily budget far above what the test spends, set through the admin API, for the budgets panel. */
    private static void setBudgetOfTheDemoUser() throws Exception {
        var answer = JSON.readTree(http.send(
                        HttpRequest.newBuilder(suite.url(Service.ANALYTICS)
                                        .resolve("/api/analytics/budgets/tenants/" + Suite.TENANT))
                                .header(
                                        "Authorization",
                                        "Bearer " + suite.credentials().adminKey())
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"daily\": 100, \"monthly\": 1000}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(answer.path("holder").asString()).isEqualTo("tenant:" + Suite.TENANT);
    }

    /** A file with a header and no rows: the upload is refused, and counted as such. */
    private static void failedUpload() throws Exception {
        var boundary = "analyst-" + System.nanoTime();
        var body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nempty_parcels\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"empty.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nregion,price\r\n\r\n--" + boundary + "--\r\n";
        var request = HttpRequest.newBuilder(suite.gateway().resolve("/api/datasets"))
                .header("Authorization", "Bearer " + suite.credentials().apiKey())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Path parcels(int rows) throws Exception {
        var csv = new StringBuilder("parcel_id,region," + WEIGHT + ",price\n");
        var regions = List.of("north", "south", "east", "west");
        for (int row = 1; row <= rows; row++) {
            csv.append(row)
                    .append(',')
                    .append(regions.get(row % regions.size()))
                    .append(',')
                    .append(1 + row % 17)
                    .append(',')
                    .append(10 + (row * 37) % 90)
                    .append('\n');
        }
        var file = Files.createTempFile(Files.createDirectories(TARGET), "parcels-", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    /** Behind the agent's back, so that its next query names a column that is gone. */
    private static void renameWeightColumn(String dataset) throws Exception {
        var infrastructure = suite.infrastructure();
        try (var connection = DriverManager.getConnection(
                        databaseUrl(), infrastructure.dbUser(), infrastructure.dbPassword());
                var find = connection.prepareStatement("SELECT table_schema, table_name FROM information_schema.columns"
                        + " WHERE column_name = ? AND table_schema LIKE 'warehouse%' AND table_name LIKE ?")) {
            find.setString(1, WEIGHT);
            find.setString(2, dataset + "%");
            try (var rows = find.executeQuery()) {
                assertThat(rows.next()).as("the table of " + dataset).isTrue();
                try (var rename = connection.createStatement()) {
                    rename.execute("ALTER TABLE \"" + rows.getString(1) + "\".\"" + rows.getString(2)
                            + "\" RENAME COLUMN " + WEIGHT + " TO " + WEIGHT + "_kg");
                }
            }
        }
    }

    /** What deploy/grafana/postgres/grafana-reader.sql does for docker compose, run here as the services' owner. */
    private static synchronized void grantGrafanaItsLogin() throws Exception {
        var infrastructure = suite.infrastructure();
        var script =
                Files.readString(SharedSuite.repositoryRoot().resolve("deploy/grafana/postgres/grafana-reader.sql"));
        try (var connection = DriverManager.getConnection(
                        databaseUrl(), infrastructure.dbUser(), infrastructure.dbPassword());
                var statement = connection.createStatement()) {
            statement.execute(script);
        }
    }
}
