-- Answers a user marked correct, kept as examples for the tenant's similar questions. The embedding
-- is the question's all-MiniLM-L6-v2 vector, compared in the agent (a tenant keeps a few hundred).
CREATE TABLE example (
    run_id     uuid PRIMARY KEY,
    tenant_id  text        NOT NULL,
    dataset    text        NOT NULL,
    question   text        NOT NULL,
    sql        text        NOT NULL,
    embedding  real[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX example_tenant ON example (tenant_id, created_at DESC);
