package dev.analyst.execution.chart;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.contracts.ResultTable;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.query.QueryRunner;
import dev.analyst.execution.sql.SqlValidator;
import dev.analyst.execution.sql.ValidatedSql;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Draws a chart spec over a query's whole result as a Plotly figure. The query first runs capped one row
 * past {@link ChartLimits#MAX_POINTS}: when everything came back, the figure is drawn from those rows (the
 * spec's aggregation applied in Java); when not, the database aggregates or samples the whole result
 * ({@link DatabaseReducer}) and the figure says how.
 */
@Component
public class ChartHydrator {

    private final QueryRunner runner;

    private final DatabaseReducer reducer;

    ChartHydrator(QueryRunner runner, SqlValidator validator) {
        this.runner = runner;
        this.reducer = new DatabaseReducer(validator, runner);
    }

    /**
     * The figure of {@code spec} over the rows of {@code sql}, aggregated or sampled in the database when
     * there are too many to draw.
     *
     * @throws ChartRejected (as the error signal) when the spec does not fit the result
     */
    public Mono<ChartFigure> hydrate(CatalogEntry dataset, ValidatedSql sql, ChartSpec spec) {
        return Mono.defer(() -> {
            // An unknown type or a missing axis fails before the database is asked anything.
            SpecChecker.checkShape(spec);
            return runner.run(dataset, sql, ChartLimits.MAX_POINTS).flatMap(rows -> draw(dataset, sql, spec, rows));
        });
    }

    /**
     * The figure of {@code spec} over a table already in memory, such as an analysis's result, which no
     * query selects: drawn as it is, never reduced.
     *
     * @throws ChartRejected when the spec does not fit the table
     */
    public ChartFigure draw(ChartSpec spec, ResultTable table) {
        SpecChecker.checkShape(spec);
        if (table.rows().isEmpty()) {
            return FigureBuilder.empty(spec);
        }
        CheckedSpec checked = SpecChecker.check(spec, table);
        return FigureBuilder.build(checked, drawing(checked, table), List.of());
    }

    private Mono<ChartFigure> draw(CatalogEntry dataset, ValidatedSql sql, ChartSpec spec, ResultTable rows) {
        if (rows.rows().isEmpty()) {
            // The driver describes columns with the first row, so an empty result has none to check.
            return Mono.just(FigureBuilder.empty(spec));
        }
        CheckedSpec checked = SpecChecker.check(spec, rows);
        if (rows.truncated()) {
            return reducer.reduce(dataset, sql, checked, rows)
                    .map(reduced -> FigureBuilder.build(checked, reduced.drawing(), reduced.notes()));
        }
        return Mono.just(FigureBuilder.build(checked, drawing(checked, rows), List.of()));
    }

    /** A result small enough to draw as it is. */
    static Drawing drawing(CheckedSpec spec, ResultTable rows) {
        if (spec.type().equals("table")) {
            return new Drawing.Rows(rows, rows.rows().size());
        }
        boolean aggregates = SpecChecker.AGGREGATING.contains(spec.type());
        return new Drawing.Points(PlotRow.of(spec, rows), aggregates ? spec.aggregation() : "none");
    }
}
