-- The usage and cost ledger: one row per ModelCalled event. The event id is the primary key, so a
-- redelivered event is dropped by INSERT ... ON CONFLICT (event_id) DO NOTHING.
CREATE TABLE model_call (
    event_id            uuid        PRIMARY KEY,
    occurred_at         timestamptz NOT NULL,
    run_id              uuid        NOT NULL,
    tenant_id           text        NOT NULL,
    user_id             text        NOT NULL,
    provider            text        NOT NULL,
    model               text        NOT NULL,
    stage               text        NOT NULL,
    input_tokens        bigint      NOT NULL CHECK (input_tokens >= 0),
    output_tokens       bigint      NOT NULL CHECK (output_tokens >= 0),
    cached_input_tokens bigint      NOT NULL CHECK (cached_input_tokens >= 0),
    latency_millis      bigint      NOT NULL CHECK (latency_millis >= 0),
    succeeded           boolean     NOT NULL,
    -- false when the model was missing from the price table: cost_micros is then 0 but unknown, not free.
    priced              boolean     NOT NULL,
    -- integer micro-dollars (US$ 1e-6), so sums are exact.
    cost_micros         bigint      NOT NULL CHECK (cost_micros >= 0),
    price_version       text        NOT NULL,
    recorded_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX model_call_occurred_at_idx ON model_call (occurred_at DESC);
CREATE INDEX model_call_run_idx ON model_call (run_id, occurred_at DESC);
CREATE INDEX model_call_tenant_idx ON model_call (tenant_id, occurred_at DESC);
