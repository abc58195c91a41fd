-- People who sign in with an email and password, the workspaces (tenants) they work in, their refresh
-- tokens and the API keys they make for programs. Secrets are stored only as hashes: passwords as
-- Argon2id, refresh tokens and API keys as SHA-256 (they are long random values, so a slow hash adds nothing).

create table users (
    id            uuid primary key,
    -- Lower-cased, so one address cannot register twice by changing its case.
    email         text        not null unique,
    password_hash text        not null,
    created_at    timestamptz not null default now()
);

-- A workspace id is a tenant id: it names warehouse schemas and roles downstream, so it stays [a-z0-9_].
create table workspaces (
    id         text primary key check (id ~ '^[a-z0-9_]{1,40}$'),
    name       text        not null,
    created_at timestamptz not null default now()
);

create table workspace_members (
    workspace_id text        not null references workspaces (id) on delete cascade,
    user_id      uuid        not null references users (id) on delete cascade,
    role         text        not null check (role in ('owner', 'admin', 'member')),
    created_at   timestamptz not null default now(),
    primary key (workspace_id, user_id)
);

-- The workspaces one person belongs to.
create index workspace_members_by_user on workspace_members (user_id);

-- The workspace a user signs into when a request names none: the personal one made at registration.
alter table users add column personal_workspace_id text not null references workspaces (id);

-- One row per refresh token ever issued. A token is used once: refreshing marks it used and issues the
-- next of its family; presenting a used token again means it was stolen, and revokes the whole family.
create table refresh_tokens (
    token_hash bytea primary key,
    family_id  uuid        not null,
    user_id    uuid        not null references users (id) on delete cascade,
    expires_at timestamptz not null,
    used_at    timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
);

create index refresh_tokens_by_family on refresh_tokens (family_id);

create table api_keys (
    id           uuid primary key,
    workspace_id text        not null references workspaces (id) on delete cascade,
    user_id      uuid        not null references users (id) on delete cascade,
    name         text        not null,
    -- The first characters of the key, shown so a person can tell their keys apart.
    prefix       text        not null,
    key_hash     bytea       not null unique,
    created_at   timestamptz not null default now(),
    revoked_at   timestamptz
);

create index api_keys_by_workspace on api_keys (workspace_id, created_at desc);
