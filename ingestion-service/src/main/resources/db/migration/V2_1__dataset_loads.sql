-- The latest load of each dataset, for pollers of GET /api/datasets/{id}/status. Written outside the
-- load's own transaction while it runs (so progress is visible), and set to ready inside it (so
-- "ready" is true exactly when the new version committed).
CREATE TABLE dataset_loads (
    dataset_id  uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    name        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('loading', 'ready', 'failed')),
    phase       text        NOT NULL,
    bytes_read  bigint      NOT NULL DEFAULT 0,
    total_bytes bigint      NOT NULL DEFAULT -1,
    rows_loaded bigint      NOT NULL DEFAULT 0,
    message     text,
    -- The host that runs the load: when it restarts, its unfinished loads are marked failed.
    owner       text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX dataset_loads_unfinished ON dataset_loads (owner) WHERE status = 'loading';
