package dev.analyst.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The provisioned Grafana dashboards under {@code deploy/grafana/dashboards}, read as their panels' queries. */
final class DashboardFiles {

    static final String PROMETHEUS_UID = "analyst-prometheus";
    static final String POSTGRES_UID = "analyst-postgres";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DashboardFiles() {}

    /** One query of one panel: PromQL for the Prometheus data source, SQL for the PostgreSQL one. */
    record Query(String dashboard, String panel, String refId, String datasourceUid, String text) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId;
        }
    }

    /** One panel: its data source and its queries. */
    record Panel(String dashboard, String title, String datasourceUid, List<Query> queries) {}

    static Path directory() {
        return SharedSuite.repositoryRoot().resolve("deploy/grafana/dashboards");
    }

    /** Every dashboard file by name. */
    static Map<String, JsonNode> dashboards() throws IOException {
        var dashboards = new TreeMap<String, JsonNode>();
        try (var files = Files.list(directory())) {
            for (var file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        return dashboards;
    }

    /** Every panel that shows data (rows and text panels hold no query), in rows or not. */
    static List<Panel> panels() throws IOException {
        var panels = new ArrayList<Panel>();
        for (var dashboard : dashboards().entrySet()) {
            collect(dashboard.getKey(), dashboard.getValue().path("panels"), panels);
        }
        return panels;
    }

    static List<Query> queries(String datasourceUid) throws IOException {
        return panels().stream()
                .flatMap(panel -> panel.queries().stream())
                .filter(query -> query.datasourceUid().equals(datasourceUid))
                .toList();
    }

    private static void collect(String dashboard, JsonNode nodes, List<Panel> panels) {
        for (var node : nodes) {
            var type = node.path("type").asString();
            if (type.equals("row")) {
                collect(dashboard, node.path("panels"), panels);
                continue;
            }
            if (type.equals("text")) {
                continue;
            }
            var title = node.path("title").asString();
            var panelUid = node.path("datasource").path("uid").asString("");
            var queries = new ArrayList<Query>();
            for (var target : node.path("targets")) {
                var uid = target.path("datasource").path("uid").asString(panelUid);
                var text = target.has("rawSql")
                        ? target.path("rawSql").asString()
                        : target.path("expr").asString("");
                queries.add(new Query(dashboard, title, target.path("refId").asString(), uid, text));
            }
            panels.add(new Panel(dashboard, title, panelUid, queries));
        }
    }
}
