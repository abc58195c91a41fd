-- The datasets each tenant can ask about, as the latest DatasetReady described them.
CREATE TABLE dataset (
    dataset_id  uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    name        text        NOT NULL,
    version     bigint      NOT NULL,
    ready_event text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dataset_tenant ON dataset (tenant_id);

-- One row per question being answered; the plan is kept so results can be summarised against it.
CREATE TABLE run (
    run_id          uuid PRIMARY KEY,
    conversation_id uuid        NOT NULL,
    tenant_id       text        NOT NULL,
    user_id         text        NOT NULL,
    question        text        NOT NULL,
    status          text        NOT NULL,
    step_id         uuid,
    plan            text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Event ids already handled, written in the same transaction as their side effect.
CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- Events waiting to be published, written in the same transaction as the state they describe.
CREATE TABLE outbox (
    seq        bigserial PRIMARY KEY,
    event_id   uuid        NOT NULL UNIQUE,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    payload    text        NOT NULL,
    event_type text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
