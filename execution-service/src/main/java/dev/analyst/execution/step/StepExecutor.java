package dev.analyst.execution.step;

import dev.analyst.contracts.ResultTable;
import dev.analyst.contracts.step.StepError;
import dev.analyst.contracts.step.StepFailed;
import dev.analyst.contracts.step.StepRequested;
import dev.analyst.contracts.step.StepResult;
import dev.analyst.contracts.step.StepSucceeded;
import dev.analyst.execution.ExecutionProperties;
import dev.analyst.execution.cache.ResultCache;
import dev.analyst.execution.catalog.CatalogEntry;
import dev.analyst.execution.catalog.DatasetCatalog;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns a requested step into its result: find the dataset (as the step's tenant sees it), validate the
 * SQL, serve it from the cache or run it. Every outcome, including an unexpected failure, becomes a
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

    StepExecutor(
            DatasetCatalog catalog,
            SqlValidator validator,
            ResultCache cache,
            QueryRunner runner,
            ExecutionProperties properties,
            MeterRegistry meters) {
        this.catalog = catalog;
        this.validator = validator;
        this.cache = cache;
        this.runner = runner;
        this.properties = properties;
        this.meters = meters;
    }

    Mono<StepResult> execute(StepRequested step) {
        long started = System.nanoTime();
        return catalog.find(step.datasetId(), step.tenantId(), properties.datasetWait())
                .flatMap(dataset -> run(step, dataset, started))
                .switchIfEmpty(Mono.fromSupplier(() -> failed(
                        step, StepError.DATASET_NOT_FOUND, "Dataset " + step.datasetId() + " is not available.")))
                .onErrorResume(SqlRejected.class, e -> Mono.just(failed(step, StepError.REJECTED, e.getMessage())))
                .onErrorResume(QueryFailed.class, e -> Mono.just(failed(step, e.error(), e.getMessage())))
                .onErrorResume(e -> {
                    RunMdc.log(step.runId(), () -> log.error("Step {} failed unexpectedly", step.stepId(), e));
                    return Mono.just(failed(step, StepError.INTERNAL, "The step could not be run; try again later."));
                })
                .doOnNext(result -> logOutcome(step, result));
    }

    private Mono<StepResult> run(StepRequested step, CatalogEntry dataset, long started) {
        ValidatedSql sql = validator.validate(step.sql(), dataset.location().schema());
        int rowLimit = properties.rows().limitFor(step.rowLimit());
        String key =
                ResultCache.key(step.tenantId(), dataset.datasetId(), dataset.version(), sql.normalised(), rowLimit);
        return cache.get(key)
                .map(table -> succeeded(step, table, millisSince(started)))
                .switchIfEmpty(Mono.defer(() -> query(step, dataset, sql, rowLimit, key)));
    }

    private Mono<StepResult> query(
            StepRequested step, CatalogEntry dataset, ValidatedSql sql, int rowLimit, String key) {
        long started = System.nanoTime();
        return runner.run(dataset.location(), sql, rowLimit)
                .doOnError(
                        e -> recordQuery(started, e instanceof QueryFailed failed ? outcome(failed.error()) : "error"))
                .map(table -> {
                    recordQuery(started, "success");
                    // Fire and forget: the result goes out without waiting for Redis. Commands on the shared
                    // connection stay in order, so a later lookup still sees this write.
                    cache.put(key, table).subscribe();
                    return succeeded(step, table, millisSince(started));
                });
    }

    private void recordQuery(long startedNanos, String outcome) {
        Timer.builder("analyst.execution.query")
                .description("Queries run against a dataset's database")
                .tag("outcome", outcome)
                .register(meters)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    private static String outcome(StepError error) {
        return error.name().toLowerCase(Locale.ROOT);
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static StepResult succeeded(StepRequested step, ResultTable table, long executionMillis) {
        return new StepSucceeded(resultId(step), Instant.now(), step.runId(), step.stepId(), table, executionMillis);
    }

    private static StepResult failed(StepRequested step, StepError error, String message) {
        return new StepFailed(resultId(step), Instant.now(), step.runId(), step.stepId(), error, message);
    }

    /** Derived from the request, so a redelivered step republishes the same event id. */
    static UUID resultId(StepRequested step) {
        return UUID.nameUUIDFromBytes((step.eventId() + ":result").getBytes(StandardCharsets.UTF_8));
    }

    private static void logOutcome(StepRequested step, StepResult result) {
        switch (result) {
            case StepSucceeded succeeded -> {
                if (log.isDebugEnabled()) {
                    RunMdc.log(
                            step.runId(),
                            () -> log.debug(
                                    "Step {} attempt {} returned {} rows{} in {} ms",
                                    step.stepId(),
                                    step.attempt(),
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
                                step.attempt(),
                                failed.error(),
                                failed.message()));
        }
    }
}
