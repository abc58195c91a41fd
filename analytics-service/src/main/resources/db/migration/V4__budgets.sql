-- The budgets administrators set, as read back from the compacted analyst.budgets.v1 topic (the agent
-- enforces them from the same topic). Kept here so the admin API and Grafana can put each next to what
-- the ledger says its holder spent.
CREATE TABLE budget (
    holder         text        PRIMARY KEY,
    holder_kind    text        NOT NULL CHECK (holder_kind IN ('user', 'tenant')),
    holder_id      text        NOT NULL,
    daily_micros   bigint      CHECK (daily_micros >= 0),
    monthly_micros bigint      CHECK (monthly_micros >= 0),
    set_at         timestamptz NOT NULL
);

-- Spend of one user across tenants, for a user's budget; tenants already have daily_usage_tenant_idx.
CREATE INDEX daily_usage_user_idx ON daily_usage (user_id, day);
