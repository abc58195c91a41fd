-- Model performance from rollups: latency and time-to-first-token histograms per UTC day, provider and
-- model, so p50/p95 never need the raw ledger. The buckets are log-spaced, eight per doubling: bucket 0
-- holds 0 ms, bucket b >= 1 holds [2^((b-1)/8), 2^(b/8)) ms, each about 9 % wider than the one before
-- (LatencyHistogram reads them back and states the accuracy). The last bucket (2^30 ms, twelve days)
-- takes everything longer.
CREATE FUNCTION latency_bucket(millis bigint) RETURNS smallint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    -- ln in double precision is fast; the epsilon keeps exact powers of two from landing a bucket low.
    AS $$ SELECT CASE WHEN millis < 1 THEN 0
                      ELSE least(1 + floor(8 * ln(millis::float8) / ln(2::float8) + 1e-9), 241) END::smallint $$;

-- One row per day, provider, model and non-empty bucket, over all tenants: a month of dashboards reads a
-- few thousand rows. There is deliberately no tenant in the key: with it, the rows would come close to
-- one per call and cost the ingest more than they save; a tenant's percentiles are read exactly from its
-- slice of the ledger instead (through model_call_tenant_idx).
CREATE TABLE model_latency_histogram (
    day               date     NOT NULL,
    provider          text     NOT NULL,
    model             text     NOT NULL,
    bucket            smallint NOT NULL,
    -- calls whose latency fell in the bucket, and calls whose time to first token did
    latency_calls     bigint   NOT NULL,
    first_token_calls bigint   NOT NULL,
    PRIMARY KEY (day, provider, model, bucket)
) WITH (fillfactor = 50);

-- Most writes to the rollups add to rows already there. Room left on each page lets PostgreSQL write the
-- new row version beside the old one without touching the indexes (a HOT update), which roughly halves
-- the cost of such an upsert.
ALTER TABLE daily_usage SET (fillfactor = 70);

-- Recomputes every rollup from the ledger. The ledger writer keeps them current incrementally; this is
-- for back-fills (below) and for loads that bypass the writer, such as the ledger benchmark.
CREATE PROCEDURE rebuild_rollups()
    LANGUAGE sql
    AS $$
    TRUNCATE daily_usage, user_first_call, model_latency_histogram;

    INSERT INTO daily_usage
    SELECT (occurred_at AT TIME ZONE 'UTC')::date, tenant_id, user_id, provider, model,
           count(*), count(*) FILTER (WHERE NOT succeeded),
           sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(cost_micros), sum(latency_millis),
           count(time_to_first_token_millis), coalesce(sum(time_to_first_token_millis), 0),
           count(*) FILTER (WHERE NOT priced)
    FROM model_call
    GROUP BY 1, 2, 3, 4, 5;

    INSERT INTO user_first_call
    SELECT tenant_id, user_id, min((occurred_at AT TIME ZONE 'UTC')::date)
    FROM model_call
    GROUP BY 1, 2;

    INSERT INTO model_latency_histogram
    SELECT day, provider, model, bucket, sum(latency_calls), sum(first_token_calls)
    FROM (SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, provider, model,
                 latency_bucket(latency_millis) AS bucket, 1 AS latency_calls, 0 AS first_token_calls
          FROM model_call
          UNION ALL
          SELECT (occurred_at AT TIME ZONE 'UTC')::date, provider, model, latency_bucket(time_to_first_token_millis), 0, 1
          FROM model_call WHERE time_to_first_token_millis IS NOT NULL) AS calls
    GROUP BY 1, 2, 3, 4;
    $$;

CALL rebuild_rollups();
