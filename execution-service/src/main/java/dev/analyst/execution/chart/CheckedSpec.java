package dev.analyst.execution.chart;

import dev.analyst.contracts.ChartSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A spec checked against its result: the columns it names, found, with what kind of axis each makes.
 *
 * @param x the x column: the categories of a bar, the slices of a pie, the groups of a box plot, the
 *     column a histogram bins; null for a number, a table or a box plot of one group
 * @param series the column whose values split rows into traces, or null
 * @param measures the measures drawn: only the first for a pie, heatmap, box plot or number
 */
record CheckedSpec(
        ChartSpec spec, @Nullable ChartColumn x, @Nullable ChartColumn series, List<ChartColumn> measures) {

    /** A column of the result the chart uses. */
    record ChartColumn(String name, int index, AxisKind kind) {}

    CheckedSpec {
        measures = List.copyOf(measures);
    }

    String type() {
        return spec.type();
    }

    String aggregation() {
        return spec.aggregation();
    }

    AxisKind xKind() {
        return x == null ? AxisKind.CATEGORY : x.kind();
    }

    AxisKind seriesKind() {
        return series == null ? AxisKind.CATEGORY : series.kind();
    }

    /** The x axis title: the label people read, else the column's name. */
    String xLabel() {
        return !spec.xLabel().isBlank() ? spec.xLabel() : x == null ? "" : x.name();
    }

    /** The y axis title: the label people read, else the measure's name when there is one. */
    String yLabel() {
        if (!spec.yLabel().isBlank()) {
            return spec.yLabel();
        }
        return measures.size() == 1 ? measures.getFirst().name() : "";
    }
}
