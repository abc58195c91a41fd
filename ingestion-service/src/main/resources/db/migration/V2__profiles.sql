-- The profile of every loaded version of a dataset (uploaded files only; connected databases are
-- introspected, not profiled): per table its row count, columns with their profiles, correlations,
-- sample rows and data-quality findings, as the TableSchema records of the DatasetReady carry them.
CREATE TABLE dataset_profiles (
    dataset_id uuid        NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    version    bigint      NOT NULL CHECK (version > 0),
    tenant_id  text        NOT NULL,
    tables     jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, version)
);
