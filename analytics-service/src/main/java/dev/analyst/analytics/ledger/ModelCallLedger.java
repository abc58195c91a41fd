package dev.analyst.analytics.ledger;

import static dev.analyst.analytics.ledger.DayRange.startOf;
import static dev.analyst.analytics.ledger.Rows.require;

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

    private static final String CALL_COLUMNS = """
            event_id, occurred_at, run_id, tenant_id, user_id, provider, model, stage, input_tokens, output_tokens,
            cached_input_tokens, latency_millis, succeeded, priced, cost_micros, price_version""";

    /** Call count, token and cost sums and unpriced calls, summed over rollup rows. */
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
     * inclusive, read from the daily rollup in key order: at most {@code limit} rows, those after the
     * cursor's row when there is one (keyset paging along the rollup's primary key).
     */
    Flux<DailyUsage> daily(
            LocalDate from, LocalDate to, @Nullable String tenantId, @Nullable DailyUsageCursor after, int limit) {
        var where = Where.days(from, to, tenantId);
        if (after != null) {
            where.add(
                    "(day, tenant_id, user_id, provider, model) > (:afterDay, :afterTenant, :afterUser, :afterProvider,"
                            + " :afterModel)",
                    "afterDay",
                    after.day());
            where.parameters.put("afterTenant", after.tenantId());
            where.parameters.put("afterUser", after.userId());
            where.parameters.put("afterProvider", after.provider());
            where.parameters.put("afterModel", after.model());
        }
        where.parameters.put("limit", limit);
        var sql = "SELECT day, tenant_id, user_id, provider, model, calls, input_tokens, output_tokens,"
                + " cached_input_tokens, cost_micros, unpriced_calls FROM daily_usage" + where.clause()
                + " ORDER BY day, tenant_id, user_id, provider, model LIMIT :limit";
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

    /**
     * Totals over the whole ledger, or over a tenant and/or a range of UTC days: the sums from the daily
     * rollup, the first and last call times from the ledger's time indexes (two index probes, not a scan).
     */
    Mono<UsageSummary> summary(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable String tenantId) {
        var days = new Where();
        var times = new Where();
        if (from != null) {
            days.add("day >= :from", "from", from);
            times.add("occurred_at >= :from", "from", startOf(from));
        }
        if (to != null) {
            days.add("day <= :to", "to", to);
            times.add("occurred_at < :until", "until", startOf(to.plusDays(1)));
        }
        if (tenantId != null) {
            days.add("tenant_id = :tenantId", "tenantId", tenantId);
            times.add("tenant_id = :tenantId", "tenantId", tenantId);
        }
        var totals = days.bindTo(database.sql("SELECT " + ROLLUP_TOTALS + " FROM daily_usage" + days.clause()))
                .map(row -> new UsageSummary(
                        require(row, "calls", Long.class),
                        require(row, "input_tokens", Long.class),
                        require(row, "output_tokens", Long.class),
                        require(row, "cached_input_tokens", Long.class),
                        require(row, "cost_micros", Long.class),
                        require(row, "unpriced_calls", Long.class),
                        null,
                        null))
                .one();
        var span = times.bindTo(database.sql("SELECT min(occurred_at) AS first_call_at, max(occurred_at) AS"
                        + " last_call_at FROM model_call" + times.clause()))
                .map(row ->
                        new CallSpan(row.get("first_call_at", Instant.class), row.get("last_call_at", Instant.class)))
                .one();
        return Mono.zip(totals, span)
                .map(both ->
                        both.getT1().spanning(both.getT2().first(), both.getT2().last()));
    }

    private record CallSpan(
            @Nullable Instant first, @Nullable Instant last) {}

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
