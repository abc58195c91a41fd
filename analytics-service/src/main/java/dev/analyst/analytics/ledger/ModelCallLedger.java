package dev.analyst.analytics.ledger;

import static dev.analyst.analytics.ledger.DayRange.startOf;
import static dev.analyst.analytics.ledger.Rows.require;

import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.PriceList.Pricing;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code model_call} table: one row per model-call event id, written once, read by the admin API. */
@Repository
class ModelCallLedger {

    /**
     * One statement, hence one transaction: the ledger row, and when it is new (and only then) the
     * increments of the daily rollup and the user's first day.
     */
    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO model_call (event_id, occurred_at, run_id, tenant_id, user_id, provider, model, stage,
                                        input_tokens, output_tokens, cached_input_tokens, latency_millis,
                                        time_to_first_token_millis, succeeded, priced, cost_micros, price_version)
                VALUES (:eventId, :occurredAt, :runId, :tenantId, :userId, :provider, :model, :stage,
                        :inputTokens, :outputTokens, :cachedInputTokens, :latencyMillis,
                        :timeToFirstTokenMillis, :succeeded, :priced, :costMicros, :priceVersion)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING (occurred_at AT TIME ZONE 'UTC')::date AS day, tenant_id, user_id, provider, model,
                          input_tokens, output_tokens, cached_input_tokens, latency_millis,
                          time_to_first_token_millis, succeeded, priced, cost_micros
            ), first_call AS (
                INSERT INTO user_first_call (tenant_id, user_id, first_day)
                SELECT tenant_id, user_id, day FROM inserted
                ON CONFLICT (tenant_id, user_id) DO UPDATE SET first_day = EXCLUDED.first_day
                    WHERE EXCLUDED.first_day < user_first_call.first_day
            )
            INSERT INTO daily_usage (day, tenant_id, user_id, provider, model, calls, errors, input_tokens,
                                     output_tokens, cached_input_tokens, cost_micros, latency_millis_sum,
                                     timed_first_token_calls, time_to_first_token_millis_sum, unpriced_calls)
            SELECT day, tenant_id, user_id, provider, model, 1, CASE WHEN succeeded THEN 0 ELSE 1 END,
                   input_tokens, output_tokens, cached_input_tokens, cost_micros, latency_millis,
                   CASE WHEN time_to_first_token_millis IS NULL THEN 0 ELSE 1 END,
                   coalesce(time_to_first_token_millis, 0), CASE WHEN priced THEN 0 ELSE 1 END
            FROM inserted
            ON CONFLICT (day, tenant_id, user_id, provider, model) DO UPDATE SET
                calls = daily_usage.calls + EXCLUDED.calls,
                errors = daily_usage.errors + EXCLUDED.errors,
                input_tokens = daily_usage.input_tokens + EXCLUDED.input_tokens,
                output_tokens = daily_usage.output_tokens + EXCLUDED.output_tokens,
                cached_input_tokens = daily_usage.cached_input_tokens + EXCLUDED.cached_input_tokens,
                cost_micros = daily_usage.cost_micros + EXCLUDED.cost_micros,
                latency_millis_sum = daily_usage.latency_millis_sum + EXCLUDED.latency_millis_sum,
                timed_first_token_calls = daily_usage.timed_first_token_calls + EXCLUDED.timed_first_token_calls,
                time_to_first_token_millis_sum =
                    daily_usage.time_to_first_token_millis_sum + EXCLUDED.time_to_first_token_millis_sum,
                unpriced_calls = daily_usage.unpriced_calls + EXCLUDED.unpriced_calls
            """;

    private static final String CALL_COLUMNS = """
            event_id, occurred_at, run_id, tenant_id, user_id, provider, model, stage, input_tokens, output_tokens,
            cached_input_tokens, latency_millis, succeeded, priced, cost_micros, price_version""";

    private static final String TOTALS = """
            count(*) AS calls,
            coalesce(sum(input_tokens), 0)::bigint AS input_tokens,
            coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
            coalesce(sum(cached_input_tokens), 0)::bigint AS cached_input_tokens,
            coalesce(sum(cost_micros), 0)::bigint AS cost_micros,
            count(*) FILTER (WHERE NOT priced) AS unpriced_calls""";

    /** The same totals as {@link #TOTALS}, summed over rollup rows. */
    static final String ROLLUP_TOTALS = """
            coalesce(sum(calls), 0)::bigint AS calls,
            coalesce(sum(input_tokens), 0)::bigint AS input_tokens,
            coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
            coalesce(sum(cached_input_tokens), 0)::bigint AS cached_input_tokens,
            coalesce(sum(cost_micros), 0)::bigint AS cost_micros,
            coalesce(sum(unpriced_calls), 0)::bigint AS unpriced_calls""";

    private final DatabaseClient database;

    ModelCallLedger(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Records a call unless its event id is already there, and rolls it up with it; emits whether a new
     * row was written (the rollup's upsert reports one row exactly when the ledger insert did).
     */
    Mono<Boolean> record(ModelCalled call, Pricing pricing) {
        return database.sql(INSERT)
                .bind("eventId", call.eventId())
                .bind("occurredAt", call.occurredAt())
                .bind("runId", call.runId())
                .bind("tenantId", call.tenantId())
                .bind("userId", call.userId())
                .bind("provider", call.provider())
                .bind("model", call.model())
                .bind("stage", call.stage())
                .bind("inputTokens", call.inputTokens())
                .bind("outputTokens", call.outputTokens())
                .bind("cachedInputTokens", call.cachedInputTokens())
                .bind("latencyMillis", call.latencyMillis())
                .bind("timeToFirstTokenMillis", call.timeToFirstTokenMillis())
                .bind("succeeded", call.succeeded())
                .bind("priced", pricing.priced())
                .bind("costMicros", pricing.costMicros())
                .bind("priceVersion", pricing.priceVersion())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0);
    }

    /** The latest calls first, optionally of one run and/or one tenant. */
    Flux<RecordedCall> calls(@Nullable UUID runId, @Nullable String tenantId, int limit) {
        var where = new Where();
        if (runId != null) {
            where.add("run_id = :runId", "runId", runId);
        }
        if (tenantId != null) {
            where.add("tenant_id = :tenantId", "tenantId", tenantId);
        }
        where.parameters.put("limit", limit);
        var sql = "SELECT " + CALL_COLUMNS + " FROM model_call" + where.clause()
                + " ORDER BY occurred_at DESC, event_id LIMIT :limit";
        return where.bindTo(database.sql(sql))
                .map(ModelCallLedger::recordedCall)
                .all();
    }

    /**
     * Usage per UTC day, tenant, user, provider and model, for the days from {@code from} to {@code to}
     * inclusive, read from the daily rollup.
     */
    Flux<DailyUsage> daily(LocalDate from, LocalDate to, @Nullable String tenantId) {
        var where = Where.days(from, to, tenantId);
        var sql = "SELECT day, tenant_id, user_id, provider, model, " + ROLLUP_TOTALS + " FROM daily_usage"
                + where.clause() + " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5";
        return where.bindTo(database.sql(sql))
                .map(row -> new DailyUsage(
                        require(row, "day", LocalDate.class),
                        require(row, "tenant_id", String.class),
                        require(row, "user_id", String.class),
                        require(row, "provider", String.class),
                        require(row, "model", String.class),
                        require(row, "calls", Long.class),
                        require(row, "input_tokens", Long.class),
                        require(row, "output_tokens", Long.class),
                        require(row, "cached_input_tokens", Long.class),
                        require(row, "cost_micros", Long.class),
                        require(row, "unpriced_calls", Long.class)))
                .all();
    }

    /** Totals over the whole ledger, or over a tenant and/or a range of UTC days. */
    Mono<UsageSummary> summary(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable String tenantId) {
        var where = new Where();
        if (from != null) {
            where.add("occurred_at >= :from", "from", startOf(from));
        }
        if (to != null) {
            where.add("occurred_at < :until", "until", startOf(to.plusDays(1)));
        }
        if (tenantId != null) {
            where.add("tenant_id = :tenantId", "tenantId", tenantId);
        }
        var sql = "SELECT " + TOTALS + ", min(occurred_at) AS first_call_at, max(occurred_at) AS last_call_at"
                + " FROM model_call" + where.clause();
        return where.bindTo(database.sql(sql))
                .map(row -> new UsageSummary(
                        require(row, "calls", Long.class),
                        require(row, "input_tokens", Long.class),
                        require(row, "output_tokens", Long.class),
                        require(row, "cached_input_tokens", Long.class),
                        require(row, "cost_micros", Long.class),
                        require(row, "unpriced_calls", Long.class),
                        row.get("first_call_at", Instant.class),
                        row.get("last_call_at", Instant.class)))
                .one();
    }

    private static RecordedCall recordedCall(Readable row) {
        return new RecordedCall(
                require(row, "event_id", UUID.class),
                require(row, "occurred_at", Instant.class),
                require(row, "run_id", UUID.class),
                require(row, "tenant_id", String.class),
                require(row, "user_id", String.class),
                require(row, "provider", String.class),
                require(row, "model", String.class),
                require(row, "stage", String.class),
                require(row, "input_tokens", Long.class),
                require(row, "output_tokens", Long.class),
                require(row, "cached_input_tokens", Long.class),
                require(row, "latency_millis", Long.class),
                require(row, "succeeded", Boolean.class),
                require(row, "priced", Boolean.class),
                require(row, "cost_micros", Long.class),
                require(row, "price_version", String.class));
    }
}
