package dev.analyst.analytics.ledger;

import static dev.analyst.analytics.ledger.DayRange.startOf;
import static dev.analyst.analytics.ledger.Rows.require;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dashboards' reads: sums over the {@code daily_usage} rollup, never over the raw ledger, except the
 * latency percentiles, which need every call and read the ledger through its time index.
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

    /** Calls, errors, latency and tokens per provider and model over a range of UTC days. */
    Flux<ModelPerformance> models(LocalDate from, LocalDate to, @Nullable String tenantId) {
        var tenantFilter = tenantId == null ? "" : " AND tenant_id = :tenantId";
        var sql = """
                WITH rollup AS (
                    SELECT provider, model, sum(calls)::bigint AS calls, sum(errors)::bigint AS errors,
                           sum(latency_millis_sum)::bigint AS latency_millis_sum,
                           sum(timed_first_token_calls)::bigint AS timed_first_token_calls,
                           sum(time_to_first_token_millis_sum)::bigint AS time_to_first_token_millis_sum,
                           sum(input_tokens)::bigint AS input_tokens, sum(output_tokens)::bigint AS output_tokens,
                           sum(cached_input_tokens)::bigint AS cached_input_tokens,
                           sum(cost_micros)::bigint AS cost_micros
                    FROM daily_usage
                    WHERE day BETWEEN :from AND :to%1$s
                    GROUP BY provider, model
                ), latency AS (
                    SELECT provider, model,
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_millis) AS p50,
                           percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_millis) AS p95
                    FROM model_call
                    WHERE occurred_at >= :since AND occurred_at < :until%1$s
                    GROUP BY provider, model
                )
                SELECT rollup.*, coalesce(latency.p50, 0) AS p50, coalesce(latency.p95, 0) AS p95
                FROM rollup LEFT JOIN latency USING (provider, model)
                ORDER BY calls DESC, provider, model
                """.formatted(tenantFilter);
        var spec = database.sql(sql)
                .bind("from", from)
                .bind("to", to)
                .bind("since", startOf(from))
                .bind("until", startOf(to.plusDays(1)));
        if (tenantId != null) {
            spec = spec.bind("tenantId", tenantId);
        }
        return spec.map(row -> {
                    long calls = require(row, "calls", Long.class);
                    long errors = require(row, "errors", Long.class);
                    long timed = require(row, "timed_first_token_calls", Long.class);
                    return new ModelPerformance(
                            require(row, "provider", String.class),
                            require(row, "model", String.class),
                            calls,
                            errors,
                            (double) errors / calls,
                            require(row, "p50", Double.class),
                            require(row, "p95", Double.class),
                            (double) require(row, "latency_millis_sum", Long.class) / calls,
                            timed == 0
                                    ? null
                                    : (double) require(row, "time_to_first_token_millis_sum", Long.class) / timed,
                            require(row, "input_tokens", Long.class),
                            require(row, "output_tokens", Long.class),
                            require(row, "cached_input_tokens", Long.class),
                            require(row, "cost_micros", Long.class));
                })
                .all();
    }

    /** Cost over some days, and how many of their calls had no price (so the cost is a lower bound). */
    record CostTotal(long costMicros, long unpricedCalls) {}
}
