package dev.analyst.analytics.ledger;

import static dev.analyst.analytics.ledger.Rows.require;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dashboards' reads: sums over the {@code daily_usage} rollup and percentiles from the latency
 * histograms, never the raw ledger.
 */
@Repository
class UsageRollups {

    private final DatabaseClient database;

    UsageRollups(DatabaseClient database) {
        this.database = database;
    }

    /** Cost and tokens per group, over the UTC days from {@code from} to {@code to} inclusive. */
    Flux<CostGroup> cost(CostGrouping grouping, LocalDate from, LocalDate to, @Nullable String tenantId) {
        var where = Where.days(from, to, tenantId);
        var sql = "SELECT " + grouping.column() + " AS grp, " + ModelCallLedger.ROLLUP_TOTALS + " FROM daily_usage"
                + where.clause() + " GROUP BY 1 ORDER BY " + grouping.orderBy();
        return where.bindTo(database.sql(sql))
                .map(row -> new CostGroup(
                        require(row, "grp", String.class),
                        require(row, "calls", Long.class),
                        require(row, "input_tokens", Long.class),
                        require(row, "output_tokens", Long.class),
                        require(row, "cached_input_tokens", Long.class),
                        require(row, "cost_micros", Long.class),
                        require(row, "unpriced_calls", Long.class)))
                .all();
    }

    /** Cost in micro-dollars and unpriced calls over a range of UTC days. */
    Mono<CostTotal> costTotal(LocalDate from, LocalDate to, @Nullable String tenantId) {
        var where = Where.days(from, to, tenantId);
        var sql = "SELECT coalesce(sum(cost_micros), 0)::bigint AS cost_micros,"
                + " coalesce(sum(unpriced_calls), 0)::bigint AS unpriced_calls FROM daily_usage" + where.clause();
        return where.bindTo(database.sql(sql))
                .map(row -> new CostTotal(
                        require(row, "cost_micros", Long.class), require(row, "unpriced_calls", Long.class)))
                .one();
    }

    /**
     * Calls, errors, latency and tokens per provider and model over a range of UTC days: the sums from the
     * daily rollup, the percentiles from the latency histograms (the all-tenant one unless a tenant is asked).
     */
    Flux<ModelPerformance> models(LocalDate from, LocalDate to, @Nullable String tenantId) {
        var where = Where.days(from, to, tenantId);
        var totals = where.bindTo(database.sql("""
                        SELECT provider, model, sum(calls)::bigint AS calls, sum(errors)::bigint AS errors,
                               sum(latency_millis_sum)::bigint AS latency_millis_sum,
                               sum(timed_first_token_calls)::bigint AS timed_first_token_calls,
                               sum(time_to_first_token_millis_sum)::bigint AS time_to_first_token_millis_sum,
                               sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens,
                               sum(cached_input_tokens)::bigint AS cached_input_tokens,
                               sum(cost_micros)::bigint AS cost_micros
                        FROM daily_usage""" + where.clause() + """
                         GROUP BY provider, model
                        ORDER BY calls DESC, provider, model"""))
                .map(row -> new ModelTotals(
                        require(row, "provider", String.class),
                        require(row, "model", String.class),
                        require(row, "calls", Long.class),
                        require(row, "errors", Long.class),
                        require(row, "latency_millis_sum", Long.class),
                        require(row, "timed_first_token_calls", Long.class),
                        require(row, "time_to_first_token_millis_sum", Long.class),
                        require(row, "input_tokens", Long.class),
                        require(row, "output_tokens", Long.class),
                        require(row, "cached_input_tokens", Long.class),
                        require(row, "cost_micros", Long.class)))
                .all();
        return latencies(from, to, tenantId)
                .flatMapMany(histograms -> totals.map(
                        model -> model.performance(histograms.getOrDefault(model.key(), ModelLatencies.NONE))));
    }

    /** The latency and time-to-first-token histograms of each provider and model over the days. */
    private Mono<Map<List<String>, ModelLatencies>> latencies(LocalDate from, LocalDate to, @Nullable String tenantId) {
        var table = tenantId == null ? "model_latency_histogram" : "tenant_latency_histogram";
        var where = Where.days(from, to, tenantId);
        var sql = "SELECT provider, model, bucket, sum(latency_calls)::bigint AS latency_calls,"
                + " sum(first_token_calls)::bigint AS first_token_calls FROM " + table + where.clause()
                + " GROUP BY provider, model, bucket";
        return where.bindTo(database.sql(sql))
                .map(row -> new BucketCounts(
                        List.of(require(row, "provider", String.class), require(row, "model", String.class)),
                        require(row, "bucket", Short.class),
                        require(row, "latency_calls", Long.class),
                        require(row, "first_token_calls", Long.class)))
                .all()
                .collect(
                        HashMap::new,
                        (histograms, counts) -> histograms
                                .computeIfAbsent(counts.model(), model -> new ModelLatencies())
                                .add(counts));
    }

    private record BucketCounts(List<String> model, int bucket, long latencyCalls, long firstTokenCalls) {}

    /** One model's two histograms. */
    private static final class ModelLatencies {

        static final ModelLatencies NONE = new ModelLatencies();

        final LatencyHistogram latency = new LatencyHistogram();
        final LatencyHistogram firstToken = new LatencyHistogram();

        void add(BucketCounts counts) {
            latency.add(counts.bucket(), counts.latencyCalls());
            firstToken.add(counts.bucket(), counts.firstTokenCalls());
        }
    }

    private record ModelTotals(
            String provider,
            String model,
            long calls,
            long errors,
            long latencyMillisSum,
            long timedFirstTokenCalls,
            long timeToFirstTokenMillisSum,
            long inputTokens,
            long outputTokens,
            long cachedInputTokens,
            long costMicros) {

        List<String> key() {
            return List.of(provider, model);
        }

        ModelPerformance performance(ModelLatencies latencies) {
            boolean timed = timedFirstTokenCalls > 0;
            return new ModelPerformance(
                    provider,
                    model,
                    calls,
                    errors,
                    (double) errors / calls,
                    latencies.latency.percentile(0.5),
                    latencies.latency.percentile(0.95),
                    (double) latencyMillisSum / calls,
                    timed ? (double) timeToFirstTokenMillisSum / timedFirstTokenCalls : null,
                    timed ? latencies.firstToken.percentile(0.5) : null,
                    timed ? latencies.firstToken.percentile(0.95) : null,
                    inputTokens,
                    outputTokens,
                    cachedInputTokens,
                    costMicros);
        }
    }

    /** Cost over some days, and how many of their calls had no price (so the cost is a lower bound). */
    record CostTotal(long costMicros, long unpricedCalls) {}
}
