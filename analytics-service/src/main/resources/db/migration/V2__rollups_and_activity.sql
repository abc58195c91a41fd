-- Time to first token, null for calls recorded before it was stored.
ALTER TABLE model_call
    ADD COLUMN time_to_first_token_millis bigint CHECK (time_to_first_token_millis >= 0);

-- The daily rollup the dashboards read: one row per UTC day, tenant, user, provider and model. It is
-- incremented by the statement that inserts a ledger row, and only when that row is new, so a
-- redelivered event changes neither.
CREATE TABLE daily_usage (
    day                             date   NOT NULL,
    tenant_id                       text   NOT NULL,
    user_id                         text   NOT NULL,
    provider                        text   NOT NULL,
    model                           text   NOT NULL,
    calls                           bigint NOT NULL,
    errors                          bigint NOT NULL,
    input_tokens                    bigint NOT NULL,
    output_tokens                   bigint NOT NULL,
    cached_input_tokens             bigint NOT NULL,
    cost_micros                     bigint NOT NULL,
    latency_millis_sum              bigint NOT NULL,
    -- the calls whose time to first token is known, and its sum over them
    timed_first_token_calls         bigint NOT NULL,
    time_to_first_token_millis_sum  bigint NOT NULL,
    unpriced_calls                  bigint NOT NULL,
    PRIMARY KEY (day, tenant_id, user_id, provider, model)
);

CREATE INDEX daily_usage_tenant_idx ON daily_usage (tenant_id, day);

-- The UTC day of each user's first model call ever, for counting new users.
CREATE TABLE user_first_call (
    tenant_id text NOT NULL,
    user_id   text NOT NULL,
    first_day date NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE INDEX user_first_call_day_idx ON user_first_call (first_day);

INSERT INTO daily_usage
SELECT (occurred_at AT TIME ZONE 'UTC')::date, tenant_id, user_id, provider, model,
       count(*), count(*) FILTER (WHERE NOT succeeded),
       sum(input_tokens), sum(output_tokens), sum(cached_input_tokens), sum(cost_micros), sum(latency_millis),
       0, 0, count(*) FILTER (WHERE NOT priced)
FROM model_call
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO user_first_call
SELECT tenant_id, user_id, min((occurred_at AT TIME ZONE 'UTC')::date)
FROM model_call
GROUP BY 1, 2;

-- Questions and answer ratings from analyst.questions.v1, one row per event id (the question's text is
-- not kept: only who asked, in which conversation, and when).
CREATE TABLE question (
    event_id        uuid        PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    run_id          uuid        NOT NULL,
    conversation_id uuid        NOT NULL,
    tenant_id       text        NOT NULL,
    user_id         text        NOT NULL
);

CREATE INDEX question_occurred_at_idx ON question (occurred_at);

CREATE TABLE answer_rating (
    event_id        uuid        PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    run_id          uuid        NOT NULL,
    conversation_id uuid        NOT NULL,
    tenant_id       text        NOT NULL,
    user_id         text        NOT NULL,
    correct         boolean     NOT NULL
);

CREATE INDEX answer_rating_occurred_at_idx ON answer_rating (occurred_at);
