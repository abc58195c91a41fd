package dev.analyst.execution.step;

import dev.analyst.contracts.ChartFigure;
import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.analysis.AnalysisResult;
import dev.analyst.contracts.step.AnalysisRequested;
import dev.analyst.contracts.step.AnalysisSucceeded;
import dev.analyst.contracts.step.ChartHydrated;
import dev.analyst.contracts.step.ChartRequested;
import dev.analyst.contracts.step.StepError;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequest;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.execution.ExecutionProperties;
import dev.analyst.execution.analysis.AnalysisEngine;
import dev.analyst.execution.analysis.AnalysisFailed;
import dev.analyst.execution.cache.ResultCache;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.catalog.DatasetCatalog;
import dev.analyst.execution.chart.ChartHydrator;
import dev.analyst.execution.query.QueryFailed;
import dev.analyst.execution.query.QueryRunner;
import dev.analyst.execution.sql.SqlRejected;
import dev.analyst.execution.sql.SqlValidator;
import dev.analyst.execution.sql.ValidatedSql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns a requested step into its result: find the dataset (as the step's tenant sees it), validate the
 * SQL, serve its rows from the cache or run it, then hand them to the analysis or the chart asked for. Every outcome, including an unexpected failure, becomes a
 * result event, so the agent's run never waits for a step that will not come back.
 */
@Component
class StepExecutor {

    private static final Logger log = LoggerFactory.getLogger(StepExecutor.class);

    private final DatasetCatalog catalog;

    private final SqlValidator validator;

    private final ResultCache cache;

    private final QueryRunner runner;

    private final ExecutionProperties properties;

    private final MeterRegistry meters;

    private final AnalysisEngine analyses;

    private final ChartHydrator charts;

    StepExecutor(
            DatasetCatalog catalog,
            SqlValidator validator,
            ResultCache cache,
            QueryRunner runner,
            ExecutionProperties properties,
            MeterRegistry meters,
            AnalysisEngine analyses,
            ChartHydrator charts) {
        this.catalog = catalog;
        this.validator = validator;
        this.cache = cache;
        this.runner = runner;
        this.properties = properties;
        this.meters = meters;
        this.analyses = analyses;
        this.charts = charts;
    }

    Mono<StepResult> execute(StepRequest step) {
        long started = System.nanoTime();
        return catalog.find(step.datasetId(), step.tenantId(), properties.datasetWait())
                .flatMap(dataset -> switch (step) {
                    case StepRequested query -> query(query, dataset, started);
                    case AnalysisRequested analysis -> analyse(analysis, dataset, started);
                    case ChartRequested chart -> chart(chart, dataset);
                })
                .switchIfEmpty(Mono.fromSupplier(() -> failed(
                        step, StepError.DATASET_NOT_FOUND, "Dataset " + step.datasetId() + " is not available.")))
                .onErrorResume(SqlRejected.class, e -> Mono.just(failed(step, StepError.REJECTED, e.getMessage())))
                .onErrorResume(QueryFailed.class, e -> Mono.just(failed(step, e.error(), e.getMessage())))
                .onErrorResume(AnalysisFailed.class, e -> Mono.just(failed(step, e.error(), e.getMessage())))
                .onErrorResume(e -> {
                    RunMdc.log(step.runId(), () -> log.error("Step {} failed unexpectedly", step.stepId(), e));
                    return Mono.just(failed(step, StepError.INTERNAL, "The step could not be run; try again later."));
                })
                .doOnNext(result -> logOutcome(step, result));
    }

    private Mono<StepResult> query(StepRequested step, CatalogEntry dataset, long started) {
        return rows(step, dataset, step.rowLimit()).map(table -> succeeded(step, table, millisSince(started)));
    }

    private Mono<StepResult> analyse(AnalysisRequested step, CatalogEntry dataset, long started) {
        return rows(step, dataset, step.rowLimit())
                // The computation is CPU-bound: off the database driver's event loop.
                .publishOn(Schedulers.boundedElastic())
                .map(table -> {
                    AnalysisResult found = analyses.run(step.analysis(), table);
                    return new AnalysisSucceeded(
                            resultId(step),
                            Instant.now(),
                            step.runId(),
                            step.stepId(),
                            found,
                            figureOf(step, found),
                            millisSince(started));
                });
    }

    /** The analysis's chart, drawn over its own table; an answer without a figure beats no answer. */
    private @Nullable ChartFigure figureOf(AnalysisRequested step, AnalysisResult found) {
        try {
            return charts.draw(found.chart(), found.table());
        } catch (RuntimeException e) {
            RunMdc.log(
                    step.runId(),
                    () -> log.warn("The chart of step {} could not be drawn: {}", step.stepId(), e.getMessage()));
            return null;
        }
    }

    private Mono<StepResult> chart(ChartRequested step, CatalogEntry dataset) {
        ValidatedSql sql = validator.validate(step.sql(), dataset.location().schema());
        return charts.hydrate(dataset, sql, step.chart())
                // Building the figure is CPU work: off the database driver's event loop.
                .publishOn(Schedulers.boundedElastic())
                .map(figure -> new ChartHydrated(resultId(step), Instant.now(), step.runId(), step.stepId(), figure));
    }

    /** The step's rows: validated, then served from the cache or queried. */
    private Mono<ResultTable> rows(StepRequest step, CatalogEntry dataset, int requestedRows) {
        ValidatedSql sql = validator.validate(step.sql(), dataset.location().schema());
        int rowLimit = properties.rows().limitFor(requestedRows);
        String key =
                ResultCache.key(step.tenantId(), dataset.datasetId(), dataset.version(), sql.normalised(), rowLimit);
        return cache.get(key).switchIfEmpty(Mono.defer(() -> query(dataset, sql, rowLimit, key)));
    }

    private Mono<ResultTable> query(CatalogEntry dataset, ValidatedSql sql, int rowLimit, String key) {
        long started = System.nanoTime();
        return runner.run(dataset, sql, rowLimit)
                .doOnError(
                        e -> recordQuery(started, e instanceof QueryFailed failed ? outcome(failed.error()) : "error"))
                .doOnNext(table -> {
                    recordQuery(started, "success");
                    // Fire and forget: the result goes out without waiting for Redis. Commands on the shared
                    // connection stay in order, so a later lookup still sees this write.
                    cache.put(key, table).subscribe();
                });
    }

    private void recordQuery(long startedNanos, String outcome) {
        Timer.builder("analyst.execution.query")
                .description("Queries run against a dataset's database")
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private static int attempt(StepRequest step) {
        return switch (step) {
            case StepRequested query -> query.attempt();
            case AnalysisRequested analysis -> analysis.attempt();
            case ChartRequested ignored -> 1;
        };
    }

    private static String outcome(StepError error) {
        return error.name().toLowerCase(Locale.ROOT);
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static StepResult succeeded(StepRequest step, ResultTable table, long executionMillis) {
        return new StepSucceeded(resultId(step), Instant.now(), step.runId(), step.stepId(), table, executionMillis);
    }

    private static StepResult failed(StepRequest step, StepError error, String message) {
        return new StepFailed(resultId(step), Instant.now(), step.runId(), step.stepId(), error, message);
    }

    /** Derived from the request, so a redelivered step republishes the same event id. */
    static UUID resultId(StepRequest step) {
        return UUID.nameUUIDFromBytes((step.eventId() + ":result").getBytes(StandardCharsets.UTF_8));
    }

    private static void logOutcome(StepRequest step, StepResult result) {
        switch (result) {
            case AnalysisSucceeded ignored -> {}
            case ChartHydrated ignored -> {}
            case StepSucceeded succeeded -> {
                if (log.isDebugEnabled()) {
                    RunMdc.log(
                            step.runId(),
                            () -> log.debug(
                                    "Step {} attempt {} returned {} rows{} in {} ms",
                                    step.stepId(),
                                    attempt(step),
                                    succeeded.result().rows().size(),
                                    succeeded.result().truncated() ? " (truncated)" : "",
                                    succeeded.executionMillis()));
                }
            }
            case StepFailed failed ->
                RunMdc.log(
                        step.runId(),
                        () -> log.info(
                                "Step {} attempt {} failed with {}: {}",
                                step.stepId(),
                                attempt(step),
                                failed.error(),
                                failed.message()));
        }
    }
}
