package dev.analyst.analytics.ledger;

import dev.analyst.contracts.usage.ModelCalled;
import dev.analyst.contracts.usage.PriceList.Pricing;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Writes priced model calls to the ledger a batch at a time, together with every rollup, in one
 * statement and hence one transaction.
 */
@Repository
class LedgerWriter {

    /**
     * The batch travels as one array per column, so the statement text never changes with its size (the
     * arrays arrive as text literals and are cast here). The
     * ledger insert skips event ids already there, and every rollup is incremented from its RETURNING rows
     * only, so a replayed or duplicated event changes nothing anywhere. Rollup rows are upserted in key
     * order, so concurrent batches lock shared rows in the same order and cannot deadlock. The answer is the
     * event ids that were already there: usually none, which spares reading back thousands of rows.
     */
    private static final String INSERT = """
            WITH input AS MATERIALIZED (
                SELECT * FROM unnest(CAST(:eventIds AS uuid[]), CAST(:occurredAts AS timestamptz[]),
                                     CAST(:runIds AS uuid[]), CAST(:tenantIds AS text[]), CAST(:userIds AS text[]),
                                     CAST(:providers AS text[]), CAST(:models AS text[]), CAST(:stages AS text[]),
                                     CAST(:inputTokens AS bigint[]), CAST(:outputTokens AS bigint[]),
                                     CAST(:cachedInputTokens AS bigint[]), CAST(:latencies AS bigint[]),
                                     CAST(:timesToFirstToken AS bigint[]), CAST(:succeeded AS boolean[]),
                                     CAST(:priced AS boolean[]), CAST(:costs AS bigint[]),
                                     CAST(:priceVersions AS text[]))
                    AS calls (event_id, occurred_at, run_id, tenant_id, user_id, provider, model, stage, input_tokens,
                              output_tokens, cached_input_tokens, latency_millis, time_to_first_token_millis,
                              succeeded, priced, cost_micros, price_version)
            ), inserted AS (
                INSERT INTO model_call (event_id, occurred_at, run_id, tenant_id, user_id, provider, model, stage,
                                        input_tokens, output_tokens, cached_input_tokens, latency_millis,
                                        time_to_first_token_millis, succeeded, priced, cost_micros, price_version)
                SELECT * FROM input
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id, (occurred_at AT TIME ZONE 'UTC')::date AS day, tenant_id, user_id, provider,
                          model, input_tokens, output_tokens, cached_input_tokens, latency_millis,
                          time_to_first_token_millis, succeeded, priced, cost_micros,
                          latency_bucket(latency_millis) AS latency_bucket,
                          latency_bucket(time_to_first_token_millis) AS first_token_bucket
            ), first_call AS (
                INSERT INTO user_first_call (tenant_id, user_id, first_day)
                SELECT tenant_id, user_id, min(day) FROM inserted
                -- Users already known since that day or earlier are skipped before the upsert: its conflict
                -- path would lock (and so write) their row even when it changes nothing.
                WHERE NOT EXISTS (SELECT 1 FROM user_first_call known
                                  WHERE known.tenant_id = inserted.tenant_id AND known.user_id = inserted.user_id
                                    AND known.first_day <= inserted.day)
                GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (tenant_id, user_id) DO UPDATE SET first_day = EXCLUDED.first_day
                    WHERE EXCLUDED.first_day < user_first_call.first_day
            ), usage AS (
                INSERT INTO daily_usage (day, tenant_id, user_id, provider, model, calls, errors, input_tokens,
                                         output_tokens, cached_input_tokens, cost_micros, latency_millis_sum,
                                         timed_first_token_calls, time_to_first_token_millis_sum, unpriced_calls)
                SELECT day, tenant_id, user_id, provider, model, count(*), count(*) FILTER (WHERE NOT succeeded),
                       sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(cost_micros),
                       sum(latency_millis), count(time_to_first_token_millis),
                       coalesce(sum(time_to_first_token_millis), 0), count(*) FILTER (WHERE NOT priced)
                FROM inserted GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
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
            ), buckets AS (
                SELECT day, provider, model, latency_bucket AS bucket, 1 AS latency_calls, 0 AS first_token_calls
                FROM inserted
                UNION ALL
                SELECT day, provider, model, first_token_bucket, 0, 1
                FROM inserted WHERE first_token_bucket IS NOT NULL
            ), model_latency AS (
                INSERT INTO model_latency_histogram
                SELECT day, provider, model, bucket, sum(latency_calls), sum(first_token_calls)
                FROM buckets GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                ON CONFLICT (day, provider, model, bucket) DO UPDATE SET
                    latency_calls = model_latency_histogram.latency_calls + EXCLUDED.latency_calls,
                    first_token_calls = model_latency_histogram.first_token_calls + EXCLUDED.first_token_calls
            )
            SELECT event_id FROM input EXCEPT SELECT event_id FROM inserted
            """;

    private final DatabaseClient database;

    LedgerWriter(DatabaseClient database) {
        this.database = database;
    }

    /**
     * Records the calls whose event ids are not in the ledger yet (a call listed twice counts once) and
     * rolls them up; emits the event ids actually written.
     */
    Mono<Set<UUID>> record(List<PricedCall> batch) {
        var distinct = new LinkedHashMap<UUID, PricedCall>();
        batch.forEach(priced -> distinct.putIfAbsent(priced.call().eventId(), priced));
        if (distinct.isEmpty()) {
            return Mono.just(Set.of());
        }
        var columns = new Columns();
        distinct.values().forEach(columns::add);
        return columns.bindTo(database.sql(INSERT))
                .map(row -> Rows.require(row, "event_id", UUID.class))
                .all()
                .collect(Collectors.toSet())
                .map(alreadyThere -> {
                    var written = new HashSet<>(distinct.keySet());
                    written.removeAll(alreadyThere);
                    return Collections.unmodifiableSet(written);
                });
    }

    /** A model call and its price, as the ledger stores them. */
    record PricedCall(ModelCalled call, Pricing pricing) {}

    /**
     * The batch pivoted into one PostgreSQL array literal per column, bound as text and cast in SQL. Written
     * by hand because the driver's array encoding escaped every character of every element one at a time:
     * a sixth of the service's CPU per event in the ledger benchmark.
     */
    private static final class Columns {

        private final ArrayLiteral eventIds = new ArrayLiteral();
        private final ArrayLiteral occurredAts = new ArrayLiteral();
        private final ArrayLiteral runIds = new ArrayLiteral();
        private final ArrayLiteral tenantIds = new ArrayLiteral();
        private final ArrayLiteral userIds = new ArrayLiteral();
        private final ArrayLiteral providers = new ArrayLiteral();
        private final ArrayLiteral models = new ArrayLiteral();
        private final ArrayLiteral stages = new ArrayLiteral();
        private final ArrayLiteral inputTokens = new ArrayLiteral();
        private final ArrayLiteral outputTokens = new ArrayLiteral();
        private final ArrayLiteral cachedInputTokens = new ArrayLiteral();
        private final ArrayLiteral latencies = new ArrayLiteral();
        private final ArrayLiteral timesToFirstToken = new ArrayLiteral();
        private final ArrayLiteral succeeded = new ArrayLiteral();
        private final ArrayLiteral priced = new ArrayLiteral();
        private final ArrayLiteral costs = new ArrayLiteral();
        private final ArrayLiteral priceVersions = new ArrayLiteral();

        void add(PricedCall priced) {
            var call = priced.call();
            // UUIDs and ISO-8601 instants hold no character that needs quoting in an array literal.
            eventIds.addBare(call.eventId().toString());
            occurredAts.addBare(call.occurredAt().toString());
            runIds.addBare(call.runId().toString());
            tenantIds.addText(call.tenantId());
            userIds.addText(call.userId());
            providers.addText(call.provider());
            models.addText(call.model());
            stages.addText(call.stage());
            inputTokens.add(call.inputTokens());
            outputTokens.add(call.outputTokens());
            cachedInputTokens.add(call.cachedInputTokens());
            latencies.add(call.latencyMillis());
            timesToFirstToken.add(call.timeToFirstTokenMillis());
            succeeded.add(call.succeeded());
            this.priced.add(priced.pricing().priced());
            costs.add(priced.pricing().costMicros());
            priceVersions.addText(priced.pricing().priceVersion());
        }

        DatabaseClient.GenericExecuteSpec bindTo(DatabaseClient.GenericExecuteSpec spec) {
            return spec.bind("eventIds", eventIds.toString())
                    .bind("occurredAts", occurredAts.toString())
                    .bind("runIds", runIds.toString())
                    .bind("tenantIds", tenantIds.toString())
                    .bind("userIds", userIds.toString())
                    .bind("providers", providers.toString())
                    .bind("models", models.toString())
                    .bind("stages", stages.toString())
                    .bind("inputTokens", inputTokens.toString())
                    .bind("outputTokens", outputTokens.toString())
                    .bind("cachedInputTokens", cachedInputTokens.toString())
                    .bind("latencies", latencies.toString())
                    .bind("timesToFirstToken", timesToFirstToken.toString())
                    .bind("succeeded", succeeded.toString())
                    .bind("priced", priced.toString())
                    .bind("costs", costs.toString())
                    .bind("priceVersions", priceVersions.toString());
        }
    }
}
