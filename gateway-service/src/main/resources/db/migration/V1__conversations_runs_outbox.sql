-- The gateway's own schema: what people asked and were answered, the runs behind the answers, and
-- the outbox that carries QuestionAsked to Kafka in the same transaction as the question.

create table conversations (
    id         uuid primary key,
    tenant_id  text        not null,
    user_id    text        not null,
    title      text        not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- The conversation list: one person's conversations, most recently active first.
create index conversations_by_owner on conversations (tenant_id, user_id, updated_at desc, id desc);

create table runs (
    run_id          uuid primary key,
    conversation_id uuid        not null references conversations (id),
    tenant_id       text        not null,
    user_id         text        not null,
    question        text        not null,
    dataset         text,
    status          text        not null default 'running' check (status in ('running', 'completed', 'failed')),
    failure_reason  text,
    created_at      timestamptz not null default now(),
    finished_at     timestamptz
);

create index runs_by_conversation on runs (conversation_id);

create table messages (
    id              uuid primary key,
    conversation_id uuid        not null references conversations (id),
    run_id          uuid references runs (run_id),
    role            text        not null check (role in ('user', 'assistant')),
    content         text        not null,
    metadata        jsonb,
    created_at      timestamptz not null default now()
);

create index messages_by_conversation on messages (conversation_id, created_at, id);

-- A redelivered AnswerCompleted must not answer twice.
create unique index messages_one_answer_per_run on messages (run_id) where role = 'assistant';

create table outbox (
    event_id     uuid primary key,
    topic        text        not null,
    record_key   text        not null,
    payload      text        not null,
    headers      jsonb       not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);

-- The relay only ever looks at what is still to be sent.
create index outbox_pending on outbox (created_at) where published_at is null;
