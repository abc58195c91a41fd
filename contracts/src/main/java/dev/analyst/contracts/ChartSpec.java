package dev.analyst.contracts;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A validated chart description, never code: which columns of the result go on which axis, how rows are
 * split into series and aggregated, with the labels people read (the columns' original names). Execution
 * hydrates it into a Plotly figure ({@link ChartFigure}); a client may also render it with any library.
 *
 * @param type one of {@link #TYPES}: {@code number} is a single value, {@code table} means nothing is
 *     worth plotting
 * @param x the result column on the x axis (the slices of a pie, the groups of a box plot, the columns
 *     of a heatmap); empty for a number
 * @param y the result columns plotted as measures (the values of a heatmap's cells)
 * @param series a column whose values split the rows into series (grouped and stacked bars, several
 *     lines, a heatmap's rows, coloured scatter points); null for one series per measure
 * @param aggregation how rows sharing an x (and series) are combined: one of {@link #AGGREGATIONS}
 */
public record ChartSpec(
        String type,
        String title,
        String x,
        List<String> y,
        String xLabel,
        String yLabel,
        @Nullable String series,
        String aggregation) {

    public static final Set<String> TYPES = Set.of(
            "bar",
            "grouped_bar",
            "stacked_bar",
            "line",
            "area",
            "pie",
            "scatter",
            "histogram",
            "heatmap",
            "box",
            "number",
            "table");

    public static final Set<String> AGGREGATIONS = Set.of("none", "sum", "mean", "count", "min", "max");

    public ChartSpec {
        y = List.copyOf(y);
        // Specs written before series and aggregation existed read as one series per measure, as is.
        series = series == null || series.isBlank() ? null : series;
        aggregation = aggregation == null || aggregation.isBlank() ? "none" : aggregation;
    }

    /** A chart with one series per measure and rows plotted as they are. */
    public ChartSpec(String type, String title, String x, List<String> y, String xLabel, String yLabel) {
        this(type, title, x, y, xLabel, yLabel, null, "none");
    }
}
