-- What each budget holder (a user or a tenant) has spent on hosted models, per UTC day and month, in
-- micro-dollars priced with the shared price list: the agent checks it before every model call.
CREATE TABLE budget_spend (
    holder       text   NOT NULL,
    period       text   NOT NULL,
    spent_micros bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (holder, period)
);

-- The estimated cost of each call in flight, held against its budgets until the call reports what it
-- really cost, so calls running at once cannot together overrun a budget unseen. A hold a crash left
-- behind stops counting once it is older than analyst.budgets.hold-for.
CREATE TABLE budget_hold (
    hold_id       uuid        PRIMARY KEY,
    tenant_id     text        NOT NULL,
    user_id       text        NOT NULL,
    amount_micros bigint      NOT NULL,
    held_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX budget_hold_tenant ON budget_hold (tenant_id, held_at);
