-- The registry of datasets: one row per dataset, updated in place as new versions are loaded.
CREATE TABLE datasets (
    id                 uuid PRIMARY KEY,
    tenant_id          text        NOT NULL,
    name               text        NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('csv', 'postgres')),
    version            bigint      NOT NULL CHECK (version > 0),
    status             text        NOT NULL,
    schema_name        text        NOT NULL,
    -- The warehouse table of an uploaded file; null for a connected database.
    table_name         text,
    source_file        text,
    row_count          bigint      NOT NULL,
    tables             jsonb       NOT NULL,
    -- The DatasetReady of the current version exactly as published, to restore it as the latest
    -- record of its key on the compacted topic after a failed reload.
    last_ready_payload text        NOT NULL,
    created_by         text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT datasets_name_per_tenant UNIQUE (tenant_id, name)
);

CREATE UNIQUE INDEX datasets_table_per_tenant ON datasets (tenant_id, table_name) WHERE table_name IS NOT NULL;
CREATE INDEX datasets_newest_first ON datasets (tenant_id, updated_at DESC);

-- Connected PostgreSQL databases; each is also a dataset (same id). The password is sealed with
-- AES-256-GCM under ANALYST_SECRET_KEY: Base64 of a 12-byte IV followed by ciphertext and tag.
CREATE TABLE datasources (
    id              uuid PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    tenant_id       text        NOT NULL,
    name            text        NOT NULL,
    host            text        NOT NULL,
    port            integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    database_name   text        NOT NULL,
    schema_name     text        NOT NULL,
    username        text        NOT NULL,
    sealed_password text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT datasources_name_per_tenant UNIQUE (tenant_id, name)
);

-- Transactional outbox: written with the state change, drained to Kafka by the relay.
CREATE TABLE outbox (
    event_id     uuid PRIMARY KEY,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    payload      text        NOT NULL,
    headers      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz
);

CREATE INDEX outbox_pending ON outbox (created_at, event_id) WHERE published_at IS NULL;
