package dev.analyst.analytics.ledger;

import static dev.analyst.analytics.ledger.Rows.require;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dashboards' reads: sums over the {@code daily_usage} rollup and percentiles from the latency
 * histograms, never the raw ledger, except one tenant's percentiles (exact, from its slice of it).
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
     * daily rollup; the percentiles from the latency histograms, or, for one tenant, exactly from its calls.
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
        var percentiles = tenantId == null ? fromHistograms(from, to) : exactlyForTenant(from, to, tenantId);
        return percentiles.flatMapMany(
                byModel -> totals.map(model -> model.performance(byModel.getOrDefault(model.key(), Percentiles.NONE))));
    }

    /** Percentiles of every tenant's calls, read from the daily histograms (see {@link LatencyHistogram}). */
    private Mono<Map<List<String>, Percentiles>> fromHistograms(LocalDate from, LocalDate to) {
        var sql = """
                SELECT provider, model, bucket, sum(latency_calls)::bigint AS latency_calls,
                       sum(first_token_calls)::bigint AS first_token_calls
                FROM model_latency_histogram WHERE day BETWEEN :from AND :to
                GROUP BY provider, model, bucket""";
        return database.sql(sql)
                .bind("from", from)
                .bind("to", to)
                .map(row -> new BucketCounts(
                        List.of(require(row, "provider", String.class), require(row, "model", String.class)),
                        require(row, "bucket", Short.class),
                        require(row, "latency_calls", Long.class),
                        require(row, "first_token_calls", Long.class)))
                .all()
                .collect(
                        HashMap<List<String>, ModelHistograms>::new,
                        (histograms, counts) -> histograms
                                .computeIfAbsent(counts.model(), model -> new ModelHistograms())
                                .add(counts))
                .map(histograms -> histograms.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, entry -> entry.getValue().percentiles())));
    }

    /**
     * Exact ({@code percentile_cont}) percentiles of one tenant's calls, through the ledger's tenant index:
     * a tenant is a slice of the ledger, and a histogram per tenant would cost every insert more than it
     * would save these reads.
     */
    private Mono<Map<List<String>, Percentiles>> exactlyForTenant(LocalDate from, LocalDate to, String tenantId) {
        var sql = """
                SELECT provider, model,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_millis) AS p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_millis) AS p95,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_first_token_millis) AS first_token_p50,
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY time_to_first_token_millis) AS first_token_p95
                FROM model_call
                WHERE tenant_id = :tenantId AND occurred_at >= :since AND occurred_at < :until
                GROUP BY provider, model""";
        return database.sql(sql)
                .bind("tenantId", tenantId)
                .bind("since", DayRange.startOf(from))
                .bind("until", DayRange.startOf(to.plusDays(1)))
                .map(row -> Map.entry(
                        List.of(require(row, "provider", String.class), require(row, "model", String.class)),
                        new Percentiles(
                                require(row, "p50", Double.class),
                                require(row, "p95", Double.class),
                                row.get("first_token_p50", Double.class),
                                row.get("first_token_p95", Double.class))))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Latency and time-to-first-token percentiles of one model; the latter null when no call reported it. */
    private record Percentiles(
            double latencyP50,
            double latencyP95,
            @Nullable Double firstTokenP50,
            @Nullable Double firstTokenP95) {

        static final Percentiles NONE = new Percentiles(0, 0, null, null);
    }

    private record BucketCounts(List<String> model, int bucket, long latencyCalls, long firstTokenCalls) {}

    /** One model's two histograms. */
    private static final class ModelHistograms {

        final LatencyHistogram latency = new LatencyHistogram();
        final LatencyHistogram firstToken = new LatencyHistogram();

        void add(BucketCounts counts) {
            latency.add(counts.bucket(), counts.latencyCalls());
            firstToken.add(counts.bucket(), counts.firstTokenCalls());
        }

        Percentiles percentiles() {
            boolean timed = firstToken.total() > 0;
            return new Percentiles(
                    latency.percentile(0.5),
                    latency.percentile(0.95),
                    timed ? firstToken.percentile(0.5) : null,
                    timed ? firstToken.percentile(0.95) : null);
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

        ModelPerformance performance(Percentiles percentiles) {
            boolean timed = timedFirstTokenCalls > 0;
            return new ModelPerformance(
                    provider,
                    model,
                    calls,
                    errors,
                    (double) errors / calls,
                    percentiles.latencyP50(),
                    percentiles.latencyP95(),
                    (double) latencyMillisSum / calls,
                    timed ? (double) timeToFirstTokenMillisSum / timedFirstTokenCalls : null,
                    timed ? percentiles.firstTokenP50() : null,
                    timed ? percentiles.firstTokenP95() : null,
                    inputTokens,
                    outputTokens,
                    cachedInputTokens,
                    costMicros);
        }
    }

    /** Cost over some days, and how many of their calls had no price (so the cost is a lower bound). */
    record CostTotal(long costMicros, long unpricedCalls) {}
}
