package dev.analyst.execution.chart;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ChartSpec;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.sql.ValidatedSql;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Draws a chart spec over a query's whole result as a Plotly figure. */
@Component
public class ChartHydrator {

    /**
     * The figure of {@code spec} over the rows of {@code sql}, aggregated or sampled in the database when
     * there are too many to draw.
     */
    public Mono<ChartFigure> hydrate(CatalogEntry dataset, ValidatedSql sql, ChartSpec spec) {
        return Mono.error(new UnsupportedOperationException("Charts are not drawn yet"));
    }
}
