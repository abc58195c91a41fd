package dev.analyst.agent.builtin;

import dev.analyst.agent.stage.ChartDesigner;
import dev.analyst.agent.stage.Plan;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.dataset.ColumnSchema;
import dev.analyst.contracts.dataset.DatasetReady;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The built-in model's chart: the type follows the shape of the result. A single value is a number;
 * time on x a line (a line per measure, or per value of a category); one category and one measure a
 * bar, a pie when the values are the shares of a whole in a few slices, a box when each category has
 * many rows; one category and several measures grouped bars; two categories and a measure stacked
 * bars, or a heatmap when both have many values; two measures a scatter; one measure of many rows a
 * histogram. Axes carry the columns' original labels where the dataset has them.
 */
@Component
public class ShapeChartDesigner implements ChartDesigner {

    /** The most slices a pie shows; more read better as bars. */
    static final int MOST_SLICES = 8;

    /** Two categories with more values than this each are a heatmap rather than stacked bars. */
    static final int MANY_VALUES = 8;

    /** The fewest rows of a lone measure worth a histogram. */
    static final int HISTOGRAM_ROWS = 20;

    /** Result columns a time bucket is named ({@code extract(year ...) AS year}). */
    private static final Set<String> TIME_NAMES =
            Set.of("year", "quarter", "month", "week", "day", "date", "period", "time");

    /** Words that ask for the parts of a whole. */
    private static final Pattern SHARE = Pattern.compile(
            "\\b(?:share|shares|proportion|proportions|breakdown|percentage|percentages|percent|composition)\\b");

    /** The labels people read for a dataset's columns, by column name: their original headers. */
    public static Map<String, String> labels(DatasetReady dataset) {
        var labels = new LinkedHashMap<String, String>();
        for (var table : dataset.tables()) {
            for (ColumnSchema column : table.columns()) {
                if (!column.label().isBlank()) {
                    labels.putIfAbsent(column.name(), column.label());
                }
            }
        }
        return labels;
    }

    @Override
    public ChartSpec design(Plan plan, ResultTable result) {
        return design(plan, result, Map.of());
    }

    /** @param labels the dataset's column labels by column name ({@link #labels}) */
    public ChartSpec design(Plan plan, ResultTable result, Map<String, String> labels) {
        var shape = new Shape(plan, result, labels);
        var columns = result.columns();
        var rows = result.rows();
        if (rows.isEmpty() || columns.isEmpty()) {
            return shape.table();
        }
        if (rows.size() == 1 && columns.size() == 1) {
            var value = columns.getFirst();
            return shape.spec("number", null, List.of(value), null, "none");
        }
        var time = columns.stream().filter(this::time).findFirst().orElse(null);
        // A numeric column the rows are grouped by ("average price by bedrooms") is a category.
        var groupedByNumber = !plan.groupLabel().isEmpty()
                && time == null
                && SqlTypes.isNumeric(columns.getFirst().type())
                && columns.size() >= 2;
        var categories = columns.stream()
                .filter(column -> column != time && !SqlTypes.isNumeric(column.type())
                        || groupedByNumber && column == columns.getFirst())
                .toList();
        var measures = columns.stream()
                .filter(column -> column != time && !categories.contains(column) && SqlTypes.isNumeric(column.type()))
                .filter(column -> !column.name().toLowerCase(Locale.ROOT).endsWith("_id"))
                .toList();
        if (measures.isEmpty()) {
            return shape.table();
        }
        if (time != null) {
            return categories.isEmpty()
                    ? shape.spec("line", time, measures, null, "none")
                    : shape.spec("line", time, measures.subList(0, 1), categories.getFirst(), "none");
        }
        if (categories.isEmpty()) {
            if (rows.size() == 1) {
                // One row of several numbers (a description): nothing to plot against.
                return shape.table();
            }
            if (measures.size() == 1) {
                return rows.size() >= HISTOGRAM_ROWS
                        ? shape.spec("histogram", measures.getFirst(), List.of(), null, "count")
                        : shape.table();
            }
            return shape.spec("scatter", measures.getFirst(), measures.subList(1, 2), null, "none");
        }
        var category = categories.getFirst();
        var repeats = distinct(result, category) < rows.size();
        if (categories.size() >= 2 && measures.size() == 1 && repeats) {
            var second = categories.get(1);
            var many = distinct(result, category) > MANY_VALUES && distinct(result, second) > MANY_VALUES;
            return shape.spec(many ? "heatmap" : "stacked_bar", category, measures, second, "none");
        }
        if (measures.size() >= 2) {
            return shape.spec("grouped_bar", category, measures, null, "none");
        }
        if (repeats) {
            return shape.spec("box", category, measures, null, "none");
        }
        if (share(plan) && rows.size() <= MOST_SLICES && nonNegative(result, measures.getFirst())) {
            return shape.spec("pie", category, measures, null, "none");
        }
        return shape.spec("bar", category, measures, null, "none");
    }

    private boolean time(ResultColumn column) {
        return SqlTypes.isTemporal(column.type())
                || SqlTypes.isNumeric(column.type())
                        && TIME_NAMES.contains(column.name().toLowerCase(Locale.ROOT));
    }

    /** Whether the values are the parts of a whole: the plan computed shares, or the question asks for them. */
    private static boolean share(Plan plan) {
        return plan.measureLabel().startsWith("percentage of")
                || SHARE.matcher(plan.question().toLowerCase(Locale.ROOT)).find();
    }

    private static long distinct(ResultTable result, ResultColumn column) {
        var index = result.columns().indexOf(column);
        var values = new HashSet<@Nullable Object>();
        result.rows().forEach(row -> values.add(row.get(index)));
        return values.size();
    }

    private static boolean nonNegative(ResultTable result, ResultColumn column) {
        var index = result.columns().indexOf(column);
        return result.rows().stream()
                .map(row -> row.get(index))
                .allMatch(value -> !(value instanceof Number number) || number.doubleValue() >= 0);
    }

    /** What a chart of one result says in words: its title and the labels of its columns. */
    private record Shape(Plan plan, ResultTable result, Map<String, String> labels) {

        String title() {
            return SqlTypes.capitalise(plan.measureLabel())
                    + (plan.groupLabel().isEmpty() ? "" : " by " + plan.groupLabel());
        }

        ChartSpec table() {
            return new ChartSpec("table", title(), "", List.of(), "", "");
        }

        ChartSpec spec(
                String type,
                @Nullable ResultColumn x,
                List<ResultColumn> y,
                @Nullable ResultColumn series,
                String aggregation) {
            var yLabel = y.size() == 1 ? label(y.getFirst()) : y.isEmpty() && x != null ? "Count" : "";
            if (y.size() > 1 && !plan.measureLabel().isEmpty()) {
                yLabel = SqlTypes.capitalise(plan.measureLabel());
            }
            return new ChartSpec(
                    type,
                    title(),
                    x == null ? "" : x.name(),
                    y.stream().map(ResultColumn::name).toList(),
                    x == null ? "" : label(x),
                    yLabel,
                    series == null ? null : series.name(),
                    aggregation);
        }

        /**
         * A column as people read it: the dataset's original label, the plan's words for its measure, or
         * its name made readable.
         */
        String label(ResultColumn column) {
            var label = labels.get(column.name());
            if (label != null) {
                return label;
            }
            if (column.name().equals(SchemaWords.alias(plan.measureLabel()))) {
                return SqlTypes.capitalise(plan.measureLabel());
            }
            return SqlTypes.capitalise(
                    Objects.requireNonNull(column.name()).replace('_', ' ').strip());
        }
    }
}
