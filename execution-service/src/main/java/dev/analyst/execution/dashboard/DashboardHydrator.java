package dev.analyst.execution.dashboard;

import dev.analyst.contracts.dashboard.ChartTile;
import dev.analyst.contracts.dashboard.Dashboard;
import dev.analyst.contracts.dashboard.DashboardTile;
import dev.analyst.contracts.dashboard.KpiTile;
import dev.analyst.contracts.dashboard.TableTile;
import dev.analyst.execution.analysis.AnalysisFailed;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.chart.ChartHydrator;
import dev.analyst.execution.query.QueryFailed;
import dev.analyst.execution.query.QueryRunner;
import dev.analyst.execution.sql.SqlRejected;
import dev.analyst.execution.sql.SqlValidator;
import dev.analyst.execution.sql.ValidatedSql;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Draws a dashboard's tiles over the dataset's current version, each through the same safety path as a
 * step: validated SQL, run read-only as the dataset's tenant. A tile that cannot be drawn says why in its
 * {@code problem}; it never fails the dashboard.
 */
@Component
class DashboardHydrator {

    private static final Logger log = LoggerFactory.getLogger(DashboardHydrator.class);

    /** Tiles drawn at once: enough to be quick, few enough to leave the pool to steps. */
    private static final int CONCURRENCY = 3;

    private final SqlValidator validator;

    private final QueryRunner runner;

    private final ChartHydrator charts;

    DashboardHydrator(SqlValidator validator, QueryRunner runner, ChartHydrator charts) {
        this.validator = validator;
        this.runner = runner;
        this.charts = charts;
    }

    /** The dashboard with every tile drawn (or marked with its problem). */
    Mono<Dashboard> hydrate(CatalogEntry dataset, Dashboard dashboard) {
        return hydrate(dataset, dashboard.tiles())
                .map(tiles -> new Dashboard(
                        dashboard.datasetId(),
                        dashboard.tenantId(),
                        dashboard.datasetVersion(),
                        dashboard.title(),
                        tiles));
    }

    /** The tiles drawn, in the order given. */
    Mono<List<DashboardTile>> hydrate(CatalogEntry dataset, List<DashboardTile> tiles) {
        return Flux.fromIterable(tiles)
                .flatMapSequential(tile -> hydrate(dataset, tile), CONCURRENCY)
                .collectList();
    }

    private Mono<DashboardTile> hydrate(CatalogEntry dataset, DashboardTile tile) {
        return Mono.defer(() -> {
                    ValidatedSql sql =
                            validator.validate(tile.sql(), dataset.location().schema());
                    return switch (tile) {
                        case KpiTile kpi ->
                            runner.run(dataset, sql, 1)
                                    .<DashboardTile>map(table -> new KpiTile(
                                            kpi.title(),
                                            kpi.sql(),
                                            table.rows().isEmpty()
                                                    ? null
                                                    : table.rows().getFirst().getFirst(),
                                            kpi.grid(),
                                            null));
                        case TableTile table ->
                            runner.run(dataset, sql, DashboardGenerator.SAMPLE_ROWS)
                                    .map(rows -> new TableTile(table.title(), table.sql(), rows, table.grid(), null));
                        case ChartTile chart ->
                            charts.hydrate(dataset, sql, chart.chart())
                                    .map(figure -> new ChartTile(
                                            chart.title(),
                                            chart.sql(),
                                            chart.chart(),
                                            figure,
                                            chart.pinned(),
                                            chart.grid(),
                                            null));
                    };
                })
                .onErrorResume(e -> Mono.just(failed(dataset, tile, problem(e, tile))));
    }

    private static String problem(Throwable error, DashboardTile tile) {
        if (error instanceof SqlRejected || error instanceof QueryFailed || error instanceof AnalysisFailed) {
            return error.getMessage();
        }
        log.warn("Tile '{}' could not be drawn: {}", tile.title(), error.toString());
        return tile instanceof ChartTile
                ? "This chart could not be drawn; regenerate the dashboard later."
                : "This tile could not be computed; regenerate the dashboard later.";
    }

    /** The tile as it was, without values, marked with what went wrong. */
    private static DashboardTile failed(CatalogEntry dataset, DashboardTile tile, String problem) {
        log.debug("Dataset {} tile '{}': {}", dataset.datasetId(), tile.title(), problem);
        return switch (tile) {
            case KpiTile kpi -> new KpiTile(kpi.title(), kpi.sql(), null, kpi.grid(), problem);
            case TableTile table -> new TableTile(table.title(), table.sql(), null, table.grid(), problem);
            case ChartTile chart ->
                new ChartTile(chart.title(), chart.sql(), chart.chart(), null, chart.pinned(), chart.grid(), problem);
        };
    }
}
