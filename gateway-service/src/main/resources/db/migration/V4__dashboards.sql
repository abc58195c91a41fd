-- The latest dashboard of each dataset, as execution published it, served to the dataset's tenant.
-- Kept as json (not jsonb) so it is served exactly as it was published.
create table dashboards (
    dataset_id      uuid primary key,
    tenant_id       text        not null,
    dataset_version bigint      not null,
    published_at    timestamptz not null,
    event_id        uuid        not null,
    dashboard       json        not null,
    updated_at      timestamptz not null default now()
);

-- The dataset a run's SQL ran against (from SqlGenerated), so its chart can be pinned to that dataset's dashboard.
alter table runs add column dataset_id uuid;
