package dev.analyst.execution.dashboard;

import static dev.analyst.execution.dashboard.ProfiledTable.label;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.dashboard.ChartTile;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardTile;
import dev.analyst.contracts.dashboard.Grid;
import dev.analyst.contracts.dashboard.KpiTile;
import dev.analyst.contracts.dashboard.TableTile;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.TableSchema;
import dev.analyst.execution.catalog.CatalogEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Picks a dataset's dashboard from its profile: three or four headline numbers, three to six charts and a
 * sample of its main table, each with the SQL that draws it. The SQL names only the main
 * table, unqualified, as the agent's SQL does: it runs with the dataset's schema on the search path.
 */
@Component
class DashboardGenerator {

    static final int MIN_KPIS = 3;
    static final int MAX_KPIS = 4;
    static final int MIN_CHARTS = 3;
    static final int MAX_CHARTS = 6;
    static final int SAMPLE_ROWS = 20;
    static final int SAMPLE_COLUMNS = 20;

    /** Tiles are drawn later; until then every tile is a placeholder at the origin. */
    private static final Grid UNPLACED = new Grid(0, 0, 1, 1);

    /**
     * The table most worth a dashboard: the one with the most to show (measures, then categories and
     * dates), the largest among equals. A connected database's largest table is often a link table of
     * ids (playlists to tracks), which says nothing to a reader; its facts table (invoices) does.
     */
    static Optional<TableSchema> mainTable(List<TableSchema> tables) {
        return tables.stream()
                .max(Comparator.comparingInt((TableSchema table) -> {
                            var profiled = ProfiledTable.of(table);
                            return Math.min(profiled.measures().size(), 3) * 4
                                    + Math.min(profiled.categories().size(), 2) * 2
                                    + Math.min(profiled.dates().size(), 1) * 2;
                        })
                        .thenComparingLong(TableSchema::rowCount));
    }

    /**
     * The dashboard of the dataset's current version, with {@code pinned} charts kept after the generated
     * ones. Its tiles carry no values yet: {@link DashboardHydrator} draws them.
     */
    Dashboard generate(CatalogEntry dataset, List<ChartTile> pinned) {
        var tiles = new ArrayList<DashboardTile>();
        Optional<TableSchema> main = mainTable(dataset.tables());
        String title = dataset.name().isBlank() ? main.map(TableSchema::label).orElse("Dataset") : dataset.name();
        main.filter(table -> !table.columns().isEmpty()).ifPresent(table -> {
            var profiled = ProfiledTable.of(table);
            tiles.addAll(kpis(profiled));
            tiles.addAll(charts(profiled));
        });
        tiles.addAll(pinned);
        main.filter(table -> !table.columns().isEmpty()).ifPresent(table -> tiles.add(sample(table)));
        return new Dashboard(
                dataset.datasetId(), dataset.tenantId(), dataset.version(), title, DashboardLayout.arrange(tiles));
    }

    private static List<KpiTile> kpis(ProfiledTable profiled) {
        TableSchema table = profiled.table();
        String from = " FROM " + quote(table.name());
        var candidates = new LinkedHashMap<String, String>();
        candidates.put("SELECT count(*) AS \"value\"" + from, "Rows");
        profiled.measures().stream()
                .findFirst()
                .ifPresent(measure -> candidates.put(summary(measure) + from, summaryTitle(measure)));
        profiled.categories().stream()
                .findFirst()
                .ifPresent(category -> candidates.put(distinctCount(category) + from, "Distinct " + label(category)));
        profiled.dates().stream()
                .findFirst()
                .ifPresent(date -> candidates.put(
                        "SELECT concat(min(" + quote(date.name()) + ")::date, ' to ', max(" + quote(date.name())
                                + ")::date) AS \"value\"" + from,
                        label(date) + " span"));
        profiled.measures().stream()
                .skip(1)
                .findFirst()
                .ifPresent(measure -> candidates.put(summary(measure) + from, summaryTitle(measure)));
        // Any table has these, so even a single text column gets its three numbers.
        ColumnSchema first = table.columns().getFirst();
        String column = quote(first.name());
        candidates.putIfAbsent(distinctCount(first) + from, "Distinct " + label(first));
        candidates.putIfAbsent(
                "SELECT " + column + "::text AS \"value\"" + from + " WHERE " + column + " IS NOT NULL GROUP BY "
                        + column + " ORDER BY count(*) DESC, " + column + " LIMIT 1",
                "Most common " + label(first));
        candidates.putIfAbsent(
                "SELECT count(*) - count(" + column + ") AS \"value\"" + from, "Missing " + label(first));
        return candidates.entrySet().stream()
                .limit(MAX_KPIS)
                .map(kpi -> new KpiTile(kpi.getValue(), kpi.getKey(), null, UNPLACED, null))
                .toList();
    }

    private static String summary(ColumnSchema measure) {
        return "SELECT " + aggregated(measure) + " AS \"value\"";
    }

    /** The measure summed when it adds up, averaged otherwise, to two decimals. */
    private static String aggregated(ColumnSchema measure) {
        String aggregate = ProfiledTable.additive(measure) ? "sum" : "avg";
        return "round(" + aggregate + "(" + quote(measure.name()) + ")::numeric, 2)";
    }

    private static String summaryTitle(ColumnSchema measure) {
        return (ProfiledTable.additive(measure) ? "Total " : "Average ") + label(measure);
    }

    private static String distinctCount(ColumnSchema column) {
        return "SELECT count(DISTINCT " + quote(column.name()) + ") AS \"value\"";
    }

    private static List<ChartTile> charts(ProfiledTable profiled) {
        var charts = new Charts(profiled.table());
        List<ColumnSchema> measures = profiled.measures();
        List<ColumnSchema> categories = profiled.categories();
        @Nullable ColumnSchema measure = measures.isEmpty() ? null : measures.getFirst();
        @Nullable ColumnSchema category = categories.isEmpty() ? null : categories.getFirst();
        if (measure != null) {
            charts.histogram(measure);
        }
        if (measure != null && category != null) {
            charts.measureByCategory(measure, category);
        }
        profiled.dates().stream().findFirst().ifPresent(date -> charts.overTime(date, measure));
        profiled.mostCorrelatedPair().ifPresent(pair -> charts.scatter(pair.getFirst(), pair.get(1)));
        categories.stream()
                .filter(candidate -> ProfiledTable.distinct(candidate) <= 8)
                // Another category than the bar's, when there is one, so the pie says something new.
                .min(Comparator.comparingInt(candidate -> candidate.equals(category) ? 1 : 0))
                .ifPresent(charts::share);
        if (measure != null) {
            categories.stream()
                    .filter(candidate -> ProfiledTable.distinct(candidate) <= ProfiledTable.FEW_CATEGORIES)
                    .findFirst()
                    .ifPresent(groups -> charts.box(measures.size() > 1 ? measures.get(1) : measure, groups));
        }
        // Charts any column can have, so that a table of text (or of one column) still gets three.
        for (ColumnSchema column : profiled.table().columns()) {
            if (charts.size() >= MIN_CHARTS) {
                break;
            }
            charts.mostCommon(column);
            if (ProfiledTable.isText(column)) {
                charts.lengths(column);
            }
            charts.filled(column);
        }
        return charts.tiles().stream().limit(MAX_CHARTS).toList();
    }

    /** The table's first rows under their original column names. */
    private static TableTile sample(TableSchema table) {
        Set<String> labels = new HashSet<>();
        String columns = table.columns().stream()
                .limit(SAMPLE_COLUMNS)
                .map(column -> {
                    String label = label(column);
                    // A label two columns share would make the result ambiguous; keep the name then.
                    return labels.add(label) && !label.equals(column.name())
                            ? quote(column.name()) + " AS " + quote(label)
                            : quote(column.name());
                })
                .collect(Collectors.joining(", "));
        String sql = "SELECT " + columns + " FROM " + quote(table.name()) + " LIMIT " + SAMPLE_ROWS;
        return new TableTile("Sample of " + table.label(), sql, null, UNPLACED, null);
    }

    /** A quoted identifier: any name, whatever its case or characters, means exactly that column. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The generated charts, at most one per SQL text. */
    private static final class Charts {

        private final String table;

        private final Map<String, ChartTile> bySql = new LinkedHashMap<>();

        Charts(TableSchema table) {
            this.table = quote(table.name());
        }

        int size() {
            return bySql.size();
        }

        List<ChartTile> tiles() {
            return List.copyOf(bySql.values());
        }

        void histogram(ColumnSchema measure) {
            String column = quote(measure.name());
            add(
                    "SELECT " + column + " FROM " + table + " WHERE " + column + " IS NOT NULL",
                    new ChartSpec(
                            "histogram",
                            "Distribution of " + label(measure),
                            measure.name(),
                            List.of(),
                            label(measure),
                            "Rows",
                            null,
                            "count"));
        }

        void measureByCategory(ColumnSchema measure, ColumnSchema category) {
            String summary = summaryTitle(measure);
            add(
                    "SELECT " + quote(category.name()) + ", " + aggregated(measure) + " AS " + quote(measure.name())
                            + " FROM " + table + " WHERE "
                            + quote(category.name()) + " IS NOT NULL GROUP BY " + quote(category.name())
                            + " ORDER BY 2 DESC NULLS LAST LIMIT " + ProfiledTable.FEW_CATEGORIES * 2,
                    new ChartSpec(
                            "bar",
                            summary + " by " + label(category),
                            category.name(),
                            List.of(measure.name()),
                            label(category),
                            summary));
        }

        void overTime(ColumnSchema date, @Nullable ColumnSchema measure) {
            String bucket = ProfiledTable.timeBucket(date);
            String column = quote(date.name());
            String value =
                    measure == null ? "count(*) AS \"rows\"" : aggregated(measure) + " AS " + quote(measure.name());
            String valueLabel = measure == null ? "Rows" : summaryTitle(measure);
            add(
                    "SELECT date_trunc('" + bucket + "', " + column + ")::date AS " + column + ", " + value + " FROM "
                            + table + " WHERE " + column + " IS NOT NULL GROUP BY 1 ORDER BY 1",
                    new ChartSpec(
                            "line",
                            valueLabel + " by " + bucket,
                            date.name(),
                            List.of(measure == null ? "rows" : measure.name()),
                            label(date),
                            valueLabel));
        }

        void scatter(ColumnSchema x, ColumnSchema y) {
            add(
                    "SELECT " + quote(x.name()) + ", " + quote(y.name()) + " FROM " + table + " WHERE "
                            + quote(x.name()) + " IS NOT NULL AND " + quote(y.name()) + " IS NOT NULL",
                    new ChartSpec(
                            "scatter",
                            label(y) + " against " + label(x),
                            x.name(),
                            List.of(y.name()),
                            label(x),
                            label(y)));
        }

        void share(ColumnSchema category) {
            add(
                    counts(category, 8),
                    new ChartSpec(
                            "pie",
                            "Share of rows by " + label(category),
                            category.name(),
                            List.of("rows"),
                            label(category),
                            "Rows"));
        }

        void box(ColumnSchema measure, ColumnSchema category) {
            add(
                    "SELECT " + quote(category.name()) + ", " + quote(measure.name()) + " FROM " + table + " WHERE "
                            + quote(category.name()) + " IS NOT NULL AND " + quote(measure.name()) + " IS NOT NULL",
                    new ChartSpec(
                            "box",
                            label(measure) + " by " + label(category),
                            category.name(),
                            List.of(measure.name()),
                            label(category),
                            label(measure)));
        }

        void mostCommon(ColumnSchema column) {
            add(
                    counts(column, 20),
                    new ChartSpec(
                            "bar",
                            "Most common values of " + label(column),
                            column.name(),
                            List.of("rows"),
                            label(column),
                            "Rows"));
        }

        void lengths(ColumnSchema column) {
            String quoted = quote(column.name());
            add(
                    "SELECT length(" + quoted + ") AS \"length\" FROM " + table + " WHERE " + quoted + " IS NOT NULL",
                    new ChartSpec(
                            "histogram",
                            "Length of " + label(column),
                            "length",
                            List.of(),
                            "Length of " + label(column),
                            "Rows",
                            null,
                            "count"));
        }

        void filled(ColumnSchema column) {
            add(
                    "SELECT CASE WHEN " + quote(column.name()) + " IS NULL THEN 'Missing' ELSE 'Filled' END AS"
                            + " \"status\", count(*) AS \"rows\" FROM " + table + " GROUP BY 1 ORDER BY 1",
                    new ChartSpec(
                            "pie",
                            "Rows with and without " + label(column),
                            "status",
                            List.of("rows"),
                            label(column),
                            "Rows"));
        }

        private String counts(ColumnSchema column, int limit) {
            String quoted = quote(column.name());
            return "SELECT " + quoted + ", count(*) AS \"rows\" FROM " + table + " WHERE " + quoted
                    + " IS NOT NULL GROUP BY " + quoted + " ORDER BY 2 DESC, 1 LIMIT " + limit;
        }

        private void add(String sql, ChartSpec spec) {
            bySql.putIfAbsent(sql, new ChartTile(spec.title(), sql, spec, null, false, UNPLACED, null));
        }
    }
}
