package dev.analyst.execution.chart;

import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultColumn;
import dev.analyst.contracts.ResultTable;
import dev.analyst.execution.chart.CheckedSpec.ChartColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks a chart spec: first its shape (a known type and aggregation, the fields the type needs), before
 * any query runs; then the columns it names against the result, and that measures are numbers.
 */
final class SpecChecker {

    /** Types that place rows along an x axis and so need one. */
    private static final Set<String> NEEDS_X =
            Set.of("bar", "grouped_bar", "stacked_bar", "line", "area", "pie", "scatter", "heatmap");

    /** Types whose rows are grouped per x (and series), so the spec's aggregation applies. */
    static final Set<String> AGGREGATING =
            Set.of("bar", "grouped_bar", "stacked_bar", "line", "area", "pie", "scatter", "heatmap", "number");

    /** Types that split rows into series; the others ignore a series column (a table shows it). */
    private static final Set<String> SERIES =
            Set.of("bar", "grouped_bar", "stacked_bar", "line", "area", "scatter", "heatmap", "table");

    /** Types that draw one measure only. */
    private static final Set<String> ONE_MEASURE = Set.of("pie", "heatmap", "box", "number");

    private SpecChecker() {}

    /** @throws ChartRejected when the spec cannot be drawn whatever the result */
    static void checkShape(ChartSpec spec) {
        if (!ChartSpec.TYPES.contains(spec.type())) {
            throw ChartRejected.unknown(
                    "Unknown chart type \"" + spec.type() + "\"; use one of " + sorted(ChartSpec.TYPES) + ".");
        }
        if (!ChartSpec.AGGREGATIONS.contains(spec.aggregation())) {
            throw ChartRejected.unknown("Unknown aggregation \"" + spec.aggregation() + "\"; use one of "
                    + sorted(ChartSpec.AGGREGATIONS) + ".");
        }
        if (NEEDS_X.contains(spec.type()) && spec.x().isBlank()) {
            throw ChartRejected.unknown("A " + spec.type() + " chart needs an x column.");
        }
        boolean measured = !spec.y().isEmpty();
        if (spec.type().equals("histogram") && !measured && spec.x().isBlank()) {
            throw ChartRejected.unknown("A histogram needs the column to bin, as x.");
        }
        if (!measured && !spec.type().equals("histogram") && !spec.type().equals("table")) {
            throw ChartRejected.unknown("A " + spec.type() + " chart needs a measure column in y.");
        }
    }

    /** @throws ChartRejected when a named column is missing or a measure is not a number */
    static CheckedSpec check(ChartSpec spec, ResultTable table) {
        checkShape(spec);
        String type = spec.type();
        var named = new ArrayList<ChartColumn>();
        for (String name : spec.y()) {
            named.add(column(table, name, "y"));
        }
        String xName = type.equals("histogram") && spec.x().isBlank() ? spec.y().getFirst() : spec.x();
        ChartColumn x = type.equals("number") || xName.isBlank() ? null : column(table, xName, "x");
        ChartColumn series = spec.series() == null ? null : column(table, spec.series(), "series");
        if (!SERIES.contains(type)) {
            series = null;
        }
        List<ChartColumn> measures = switch (type) {
            case "histogram" -> List.of();
            case "table" -> named;
            default -> ONE_MEASURE.contains(type) ? named.subList(0, 1) : named;
        };
        boolean counted = AGGREGATING.contains(type) && spec.aggregation().equals("count");
        for (ChartColumn measure : measures) {
            if (measure.kind() != AxisKind.NUMBER && !counted && !type.equals("table")) {
                throw ChartRejected.mismatch("The measure " + measure.name() + " is not numeric ("
                        + table.columns().get(measure.index()).type()
                        + "); plot a number, or count it with aggregation \"count\".");
            }
        }
        if (type.equals("histogram") && x != null && x.kind() != AxisKind.NUMBER) {
            throw ChartRejected.mismatch("A histogram bins numbers, and " + x.name() + " is "
                    + table.columns().get(x.index()).type() + "; count rows per value with a bar chart instead.");
        }
        return new CheckedSpec(spec, x, series, measures);
    }

    /** The result column called {@code name}, matched exactly, else ignoring case when that is unambiguous. */
    private static ChartColumn column(ResultTable table, String name, String role) {
        List<ResultColumn> columns = table.columns();
        List<Integer> exact = matching(columns, name, false);
        List<Integer> found = exact.isEmpty() ? matching(columns, name, true) : exact;
        if (found.isEmpty()) {
            throw ChartRejected.unknown("The chart's " + role + " column \"" + name + "\" is not in the result; its"
                    + " columns are " + columns.stream().map(ResultColumn::name).collect(Collectors.joining(", "))
                    + ".");
        }
        if (found.size() > 1) {
            throw ChartRejected.unknown(
                    "The result has " + found.size() + " columns called \"" + name + "\"; give them distinct aliases.");
        }
        int index = found.getFirst();
        var values = new ArrayList<@Nullable Object>(table.rows().size());
        table.rows().forEach(row -> values.add(row.get(index)));
        return new ChartColumn(
                columns.get(index).name(), index, AxisKind.of(columns.get(index).type(), values));
    }

    private static List<Integer> matching(List<ResultColumn> columns, String name, boolean ignoringCase) {
        var found = new ArrayList<Integer>();
        for (int i = 0; i < columns.size(); i++) {
            String candidate = columns.get(i).name();
            if (ignoringCase ? candidate.equalsIgnoreCase(name) : candidate.equals(name)) {
                found.add(i);
            }
        }
        return found;
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", ")).toLowerCase(Locale.ROOT);
    }
}
