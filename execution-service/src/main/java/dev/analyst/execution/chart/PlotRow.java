package dev.analyst.execution.chart;

import dev.analyst.contracts.ResultTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A row as a chart reads it: its x, its series and its measures, wherever they were in the result. Rows
 * the database aggregated or sampled come back in this order too, so one figure builder draws both.
 */
record PlotRow(@Nullable Object x, @Nullable Object series, List<@Nullable Object> measures) {

    PlotRow {
        measures = Collections.unmodifiableList(new ArrayList<>(measures));
    }

    /** The rows of a result as the spec reads them. */
    static List<PlotRow> of(CheckedSpec spec, ResultTable table) {
        var rows = new ArrayList<PlotRow>(table.rows().size());
        for (List<@Nullable Object> row : table.rows()) {
            var measures = new ArrayList<@Nullable Object>(spec.measures().size());
            spec.measures().forEach(measure -> measures.add(row.get(measure.index())));
            rows.add(new PlotRow(
                    spec.x() == null ? null : row.get(spec.x().index()),
                    spec.series() == null ? null : row.get(spec.series().index()),
                    measures));
        }
        return rows;
    }

    /**
     * A row of a query whose first columns are x (when the spec has one), series (likewise), then the
     * measures, in that order: the shape of every query {@link DatabaseReducer} writes.
     */
    static PlotRow positional(CheckedSpec spec, List<@Nullable Object> row) {
        int at = 0;
        Object x = spec.x() == null ? null : row.get(at++);
        Object series = spec.series() == null ? null : row.get(at++);
        return new PlotRow(x, series, row.subList(at, at + spec.measures().size()));
    }
}
