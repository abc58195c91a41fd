package dev.analyst.execution.chart;

import dev.analyst.contracts.ResultTable;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.chart.CheckedSpec.ChartColumn;
import dev.analyst.execution.query.QueryRunner;
import dev.analyst.execution.sql.SqlValidator;
import dev.analyst.execution.sql.ValidatedSql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reduces a result too large to draw inside the database: groups aggregated, histogram bins counted, box
 * statistics computed, scatter points sampled. Every query wraps the step's validated SQL as a subquery,
 * names its columns as quoted identifiers, and is validated and run like any other SQL: nothing here
 * reaches the database unchecked.
 */
final class DatabaseReducer {

    /** What the database returned, and how it reduced the rows, in words for the figure. */
    record Reduced(Drawing drawing, List<String> notes) {

        Reduced {
            notes = List.copyOf(notes);
        }
    }

    private final SqlValidator validator;

    private final QueryRunner runner;

    DatabaseReducer(SqlValidator validator, QueryRunner runner) {
        this.validator = validator;
        this.runner = runner;
    }

    /** The drawing of {@code spec} over all rows of {@code sql}, whose first rows were {@code firstRows}. */
    Mono<Reduced> reduce(CatalogEntry dataset, ValidatedSql sql, CheckedSpec spec, ResultTable firstRows) {
        String inner = inner(sql);
        return switch (spec.type()) {
            case "table" ->
                run(dataset, count(inner), 1)
                        .map(table -> new Reduced(
                                new Drawing.Rows(firstRows, longAt(table.rows().getFirst(), 0)), List.of()));
            case "number" ->
                spec.aggregation().equals("none")
                        // The value is the first row's: nothing to reduce.
                        ? Mono.just(new Reduced(new Drawing.Points(PlotRow.of(spec, firstRows), "none"), List.of()))
                        : grouped(dataset, inner, spec, spec.aggregation());
            case "histogram" -> histogram(dataset, inner, spec, integral(spec, firstRows));
            case "box" -> boxes(dataset, inner, spec);
            case "scatter" ->
                spec.aggregation().equals("none")
                        ? sample(dataset, inner, spec)
                        : grouped(dataset, inner, spec, spec.aggregation());
            default -> grouped(dataset, inner, spec, reduction(spec));
        };
    }

    /**
     * How rows plotted as they are ({@code none}) are combined when there are too many: levels (a line, a
     * scatter) are averaged, parts of a whole (bars, areas, pie slices, heatmap cells) are summed.
     */
    static String reduction(CheckedSpec spec) {
        if (!spec.aggregation().equals("none")) {
            return spec.aggregation();
        }
        return spec.type().equals("line") || spec.type().equals("scatter") ? "mean" : "sum";
    }

    private Mono<Reduced> grouped(CatalogEntry dataset, String inner, CheckedSpec spec, String function) {
        return run(dataset, grouped(inner, spec, function, ChartLimits.MAX_POINTS), ChartLimits.MAX_POINTS)
                .map(table -> {
                    var rows = table.rows().stream()
                            .map(row -> PlotRow.positional(spec, row))
                            .toList();
                    long groups =
                            table.rows().isEmpty() ? 0 : longAt(table.rows().getFirst(), -2);
                    long total =
                            table.rows().isEmpty() ? 0 : longAt(table.rows().getFirst(), -1);
                    String note = spec.x() == null && spec.series() == null
                            ? "Aggregated " + Values.count(total) + " rows (" + function + ")"
                            : "Aggregated " + Values.count(total) + " rows into " + Values.count(groups) + " groups ("
                                    + function + ")";
                    var notes = new ArrayList<>(List.of(note));
                    if (groups > rows.size()) {
                        notes.add((spec.xKind() == AxisKind.CATEGORY
                                        ? "the " + Values.count(rows.size()) + " largest"
                                        : "the first " + Values.count(rows.size()))
                                + " are drawn");
                    }
                    return new Reduced(new Drawing.Points(rows, "none"), notes);
                });
    }

    private Mono<Reduced> sample(CatalogEntry dataset, String inner, CheckedSpec spec) {
        return run(dataset, sample(inner, spec, ChartLimits.MAX_POINTS), ChartLimits.MAX_POINTS)
                .map(table -> {
                    var rows = table.rows().stream()
                            .map(row -> PlotRow.positional(spec, row))
                            .toList();
                    long total =
                            table.rows().isEmpty() ? 0 : longAt(table.rows().getFirst(), -1);
                    return new Reduced(
                            new Drawing.Points(rows, "none"),
                            List.of("A random sample of " + Values.count(rows.size()) + " of the " + Values.count(total)
                                    + " points"));
                });
    }

    private Mono<Reduced> histogram(CatalogEntry dataset, String inner, CheckedSpec spec, boolean integral) {
        ChartColumn x = required(spec.x());
        return run(dataset, bounds(inner, x), 1).flatMap(table -> {
            List<@Nullable Object> bounds = table.rows().getFirst();
            long values = longAt(bounds, 2);
            BigDecimal min = Values.decimal(bounds.get(0));
            BigDecimal max = Values.decimal(bounds.get(1));
            if (values == 0 || min == null || max == null) {
                throw ChartRejected.unsuitable("The column " + x.name() + " has no finite values to bin.");
            }
            Grid grid = Grid.of(min, max, integral);
            String note = "Aggregated " + Values.count(values) + " rows into " + Values.count(grid.bins()) + " bins";
            if (grid.bins() == 1) {
                return Mono.just(
                        new Reduced(new Drawing.Bins(grid.start(), grid.width(), List.of(values)), List.of(note)));
            }
            return run(dataset, bins(inner, x, grid), grid.bins() + 2).map(binned -> {
                var counts = new long[grid.bins()];
                for (List<@Nullable Object> row : binned.rows()) {
                    // width_bucket puts values below the start in bucket 0 and at or past the end in bins + 1.
                    int bucket = (int) Math.clamp(longAt(row, 0), 1, grid.bins());
                    counts[bucket - 1] += longAt(row, 1);
                }
                var list = new ArrayList<Long>(counts.length);
                for (long count : counts) {
                    list.add(count);
                }
                return new Reduced(new Drawing.Bins(grid.start(), grid.width(), list), List.of(note));
            });
        });
    }

    private Mono<Reduced> boxes(CatalogEntry dataset, String inner, CheckedSpec spec) {
        return run(dataset, boxes(inner, spec, ChartLimits.MAX_BOXES), ChartLimits.MAX_BOXES)
                .map(table -> {
                    var boxes = table.rows().stream()
                            .map(row -> new Drawing.BoxStats(
                                    row.get(0),
                                    Values.plotted(row.get(1)),
                                    Values.plotted(row.get(2)),
                                    Values.plotted(row.get(3)),
                                    Values.plotted(row.get(4)),
                                    Values.plotted(row.get(5))))
                            .toList();
                    long groups =
                            table.rows().isEmpty() ? 0 : longAt(table.rows().getFirst(), -2);
                    long values =
                            table.rows().isEmpty() ? 0 : longAt(table.rows().getFirst(), -1);
                    var notes = new ArrayList<>(List.of("Aggregated " + Values.count(values) + " values into "
                            + Values.count(groups) + (groups == 1 ? " box" : " boxes")));
                    if (groups > boxes.size()) {
                        notes.add("the " + Values.count(boxes.size()) + " largest groups are drawn");
                    }
                    return new Reduced(new Drawing.Boxes(boxes), notes);
                });
    }

    /** Validates and runs a query this class wrote, off the event loop since parsing takes CPU. */
    private Mono<ResultTable> run(CatalogEntry dataset, String sql, int rowLimit) {
        return Mono.fromCallable(
                        () -> validator.validate(sql, dataset.location().schema()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(validated -> runner.run(dataset, validated, rowLimit));
    }

    /**
     * The step's SQL ready to nest as a subquery: its normalised text (comments, which could swallow the
     * closing parenthesis, are gone) without a final semicolon.
     */
    static String inner(ValidatedSql sql) {
        String text = sql.normalised().strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /**
     * x and series, then each measure aggregated per group, then how many groups and rows there are.
     * Categories come largest first, so the limit keeps the largest; numbers and times come in order.
     */
    static String grouped(String inner, CheckedSpec spec, String function, int limit) {
        var keys = keys(spec, "r");
        var select = new ArrayList<>(keys);
        for (ChartColumn measure : spec.measures()) {
            select.add(sqlFunction(function) + "(" + ref("r", measure) + ")");
        }
        select.add("count(*) OVER ()");
        select.add("sum(count(*)) OVER ()");
        var sql = new StringBuilder("SELECT ")
                .append(String.join(", ", select))
                .append(" FROM (")
                .append(inner)
                .append(") AS r");
        if (!keys.isEmpty()) {
            sql.append(" GROUP BY ").append(positions(keys.size()));
        }
        if (spec.x() != null) {
            sql.append(
                    spec.xKind() == AxisKind.CATEGORY
                            ? " ORDER BY " + (keys.size() + 1) + " DESC NULLS LAST"
                            : " ORDER BY 1");
        }
        return sql.append(" LIMIT ").append(limit).toString();
    }

    /** A uniformly random sample of the rows, with how many there are in all. */
    static String sample(String inner, CheckedSpec spec, int size) {
        var select = keys(spec, "r");
        spec.measures().forEach(measure -> select.add(ref("r", measure)));
        select.add("count(*) OVER ()");
        return "SELECT " + String.join(", ", select) + " FROM (" + inner + ") AS r ORDER BY random() LIMIT " + size;
    }

    /** The least and greatest value of the column, and how many values it has. */
    static String bounds(String inner, ChartColumn x) {
        String value = asDouble(ref("r", x));
        return "SELECT min(" + value + "), max(" + value + "), count(" + ref("r", x) + ") FROM (" + inner + ") AS r";
    }

    /** How many values fall in each bin of the grid, by bin number from 1. */
    static String bins(String inner, ChartColumn x, Grid grid) {
        return "SELECT width_bucket(" + asDouble(ref("r", x)) + ", "
                + grid.start().toPlainString() + ", "
                + grid.end().toPlainString() + ", " + grid.bins() + "), count(*) FROM (" + inner + ") AS r WHERE "
                + ref("r", x) + " IS NOT NULL GROUP BY 1 ORDER BY 1";
    }

    /**
     * Per group of x: the quartiles, and the whiskers plotly would draw (the furthest values within 1.5
     * interquartile ranges of the box), the groups with most values first. Groups are numbered with
     * dense_rank so the second pass joins on an integer (a hash join) and a null group stays one group.
     */
    static String boxes(String inner, CheckedSpec spec, int limit) {
        String y = ref("r", spec.measures().getFirst());
        String group = spec.x() == null ? "NULL" : ref("r", spec.x());
        String rank = spec.x() == null ? "1" : "dense_rank() OVER (ORDER BY " + group + ")";
        return "WITH v AS (SELECT " + group + " AS g, " + y + " AS y, " + rank + " AS k FROM (" + inner + ") AS r"
                + " WHERE " + y + " IS NOT NULL),"
                + " s AS (SELECT k, g, " + quartile("0.25") + " AS q1, " + quartile("0.5") + " AS median, "
                + quartile("0.75") + " AS q3, count(*) AS n FROM v GROUP BY k, g)"
                + " SELECT s.g, s.q1, s.median, s.q3,"
                + " min(v.y) FILTER (WHERE v.y >= s.q1 - 1.5 * (s.q3 - s.q1)),"
                + " max(v.y) FILTER (WHERE v.y <= s.q3 + 1.5 * (s.q3 - s.q1)),"
                + " count(*) OVER (), sum(s.n) OVER ()"
                + " FROM v JOIN s ON v.k = s.k GROUP BY s.k, s.g, s.q1, s.median, s.q3, s.n"
                + " ORDER BY s.n DESC, s.k LIMIT " + limit;
    }

    static String count(String inner) {
        return "SELECT count(*) FROM (" + inner + ") AS r";
    }

    private static String quartile(String fraction) {
        return "percentile_cont(" + fraction + ") WITHIN GROUP (ORDER BY y)";
    }

    private static List<String> keys(CheckedSpec spec, String alias) {
        var keys = new ArrayList<String>();
        if (spec.x() != null) {
            keys.add(ref(alias, spec.x()));
        }
        if (spec.series() != null) {
            keys.add(ref(alias, spec.series()));
        }
        return keys;
    }

    private static String positions(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    }

    private static String sqlFunction(String aggregation) {
        return switch (aggregation) {
            case "mean" -> "avg";
            case "sum", "count", "min", "max" -> aggregation;
            default -> throw new IllegalArgumentException("No SQL aggregate for " + aggregation);
        };
    }

    private static String asDouble(String expression) {
        return "CAST(" + expression + " AS double precision)";
    }

    /** A result column as a quoted identifier of the subquery, so no column name can add SQL. */
    static String ref(String alias, ChartColumn column) {
        return alias + ".\"" + column.name().replace("\"", "\"\"") + '"';
    }

    /** Whether the column holds whole numbers, judged by the rows already fetched. */
    private static boolean integral(CheckedSpec spec, ResultTable firstRows) {
        int index = required(spec.x()).index();
        return firstRows.rows().stream().map(row -> row.get(index)).allMatch(v -> v == null || v instanceof Long);
    }

    private static ChartColumn required(@Nullable ChartColumn column) {
        if (column == null) {
            throw new IllegalStateException("The checked spec has no such column");
        }
        return column;
    }

    /** The whole number at {@code index} of a row, counted from the end when negative. */
    private static long longAt(List<@Nullable Object> row, int index) {
        Object value = row.get(index < 0 ? row.size() + index : index);
        return value instanceof Number number ? number.longValue() : 0;
    }

    /**
     * Histogram bins: {@code bins} of {@code width} from {@code start}, the width 1, 2, 2.5 or 5 times a
     * power of ten so edges read well; for whole numbers at least 1 and centred on them.
     */
    record Grid(BigDecimal start, BigDecimal width, int bins) {

        BigDecimal end() {
            return start.add(width.multiply(BigDecimal.valueOf(bins)));
        }

        static Grid of(BigDecimal min, BigDecimal max, boolean integral) {
            BigDecimal half = new BigDecimal("0.5");
            if (min.compareTo(max) == 0) {
                return new Grid(min.subtract(half), BigDecimal.ONE, 1);
            }
            double raw = max.subtract(min).doubleValue() / ChartLimits.TARGET_BINS;
            int exponent = (int) Math.floor(Math.log10(raw));
            double residual = raw / Math.pow(10, exponent);
            String nice =
                    residual <= 1 ? "1" : residual <= 2 ? "2" : residual <= 2.5 ? "2.5" : residual <= 5 ? "5" : "10";
            BigDecimal width = new BigDecimal(nice).scaleByPowerOfTen(exponent).stripTrailingZeros();
            BigDecimal start;
            if (integral) {
                width = width.max(BigDecimal.ONE).setScale(0, RoundingMode.CEILING);
                start = min.divide(width, 0, RoundingMode.FLOOR).multiply(width).subtract(half);
            } else {
                start = min.divide(width, 0, RoundingMode.FLOOR).multiply(width);
            }
            int bins = max.subtract(start).divide(width, 0, RoundingMode.FLOOR).intValueExact() + 1;
            return new Grid(start, width, bins);
        }
    }
}
