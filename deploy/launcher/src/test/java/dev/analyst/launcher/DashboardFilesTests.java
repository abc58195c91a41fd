package dev.analyst.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The provisioned dashboards read as Grafana would, before any server runs them. */
class DashboardFilesTests {

    /** Grouping or selecting by a person or a run would make a Prometheus series per person. */
    private static final Pattern PERSONAL_LABEL =
            Pattern.compile("(?i)\\b(user|user_id|tenant|tenant_id|run_id|conversation_id|caller)\\b");

    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");

    @Test
    void everyPanelReadsAProvisionedDataSourceThroughAtLeastOneQuery() throws Exception {
        var provisioned = new HashSet<String>();
        var datasources = YAMLMapper.builder()
                .build()
                .readTree(SharedSuite.repositoryRoot()
                        .resolve("deploy/grafana/provisioning/datasources/datasources.yml")
                        .toFile());
        datasources
                .path("datasources")
                .forEach(source -> provisioned.add(source.path("uid").asString()));
        assertThat(provisioned).containsExactlyInAnyOrder(DashboardFiles.PROMETHEUS_UID, DashboardFiles.POSTGRES_UID);

        var panels = DashboardFiles.panels();
        assertThat(panels).hasSizeGreaterThan(30);
        for (var panel : panels) {
            var name = panel.dashboard() + " / " + panel.title();
            assertThat(panel.datasourceUid()).as(name).isIn(provisioned);
            assertThat(panel.queries()).as(name).isNotEmpty();
            for (var query : panel.queries()) {
                assertThat(query.datasourceUid()).as(query.toString()).isEqualTo(panel.datasourceUid());
                assertThat(query.text()).as(query.toString()).isNotBlank();
            }
        }
    }

    @Test
    void coversCostsThePipelineIngestionAndTheJvm() throws Exception {
        var dashboards = DashboardFiles.dashboards();
        assertThat(dashboards)
                .containsKeys(
                        "analyst-costs.json", "analyst-pipeline.json", "analyst-ingestion.json", "analyst-jvm.json");
        var uids = new HashSet<String>();
        dashboards.forEach(
                (file, dashboard) -> assertThat(uids.add(dashboard.path("uid").asString()))
                        .as("unique uid in " + file)
                        .isTrue());
        assertThat(DashboardFiles.panels())
                .extracting(DashboardFiles.Panel::title)
                .contains(
                        "Cost (USD)",
                        "Month-end projection (USD)",
                        "Top users by cost",
                        "Tokens by type per day",
                        "Question latency, end to end",
                        "Kafka consumer lag",
                        "Open SSE streams",
                        "Rows and bytes loaded",
                        "GC pause time");
    }

    @Test
    void noPrometheusQueryGroupsOrSelectsByAPersonOrARun() throws Exception {
        for (var query : DashboardFiles.queries(DashboardFiles.PROMETHEUS_UID)) {
            for (var pattern : new Pattern[] {GROUPING, SELECTOR}) {
                var labels = pattern.matcher(query.text());
                while (labels.find()) {
                    assertThat(labels.group(1)).as(query.toString()).doesNotContainPattern(PERSONAL_LABEL);
                }
            }
            assertThat(query.text()).as(query.toString()).doesNotContain("label_replace");
        }
    }

    @Test
    void everyVariableHasAnAllValueAndEveryQueryExpandsToPlainText() throws Exception {
        for (var dashboard : DashboardFiles.dashboards().entrySet()) {
            for (var variable : dashboard.getValue().path("templating").path("list")) {
                assertThat(variable.path("allValue").asString(""))
                        .as(dashboard.getKey() + " $" + variable.path("name").asString())
                        .isNotBlank();
            }
        }
        var now = Instant.parse("2026-03-15T12:00:00Z");
        var macros =
                new GrafanaMacros(now.minus(Duration.ofDays(1)), now, Duration.ofMinutes(5), Map.of("service", ".*"));
        for (var query : DashboardFiles.queries(DashboardFiles.PROMETHEUS_UID)) {
            assertThat(macros.promql(query.text())).as(query.toString()).doesNotContain("$");
        }
        for (var query : DashboardFiles.queries(DashboardFiles.POSTGRES_UID)) {
            assertThat(macros.sql(query.text())).as(query.toString()).doesNotContain("$");
        }
    }

    @Test
    void expandsThePostgresMacrosAsGrafanaDoes() {
        var to = Instant.parse("2026-03-15T12:00:00Z");
        var macros = new GrafanaMacros(to.minus(Duration.ofHours(1)), to, Duration.ofMinutes(5), Map.of());

        assertThat(macros.sql(
                        "SELECT $__timeGroupAlias(occurred_at, $__interval) FROM t WHERE $__timeFilter(occurred_at)"))
                .isEqualTo("SELECT floor(extract(epoch from occurred_at)/300)*300 AS \"time\" FROM t"
                        + " WHERE occurred_at BETWEEN '2026-03-15T11:00:00Z' AND '2026-03-15T12:00:00Z'");
        assertThat(macros.sql("$__timeFrom()::date, $__timeGroup(at, '1h')"))
                .isEqualTo("'2026-03-15T11:00:00Z'::date, floor(extract(epoch from at)/3600)*3600");
        assertThat(macros.promql("rate(x[$__rate_interval]) + increase(x[$__range])"))
                .isEqualTo("rate(x[300s]) + increase(x[3600s])");
    }

    @Test
    void theComposeGrafanaProvisionsTheseFiles() throws Exception {
        var compose = YAMLMapper.builder()
                .build()
                .readTree(SharedSuite.repositoryRoot()
                        .resolve("docker-compose.yml")
                        .toFile());
        assertThat(compose.path("services").path("grafana").path("volumes").toString())
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning")
                .contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards");
        var dashboards = YAMLMapper.builder()
                .build()
                .readTree(SharedSuite.repositoryRoot()
                        .resolve("deploy/grafana/provisioning/dashboards/dashboards.yml")
                        .toFile());
        assertThat(dashboards
                        .path("providers")
                        .get(0)
                        .path("options")
                        .path("path")
                        .asString())
                .isEqualTo("/var/lib/grafana/dashboards");
    }
}
