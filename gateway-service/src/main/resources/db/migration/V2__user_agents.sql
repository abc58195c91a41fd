-- Which specialised agents (@statistics, @ml, ...) each user has turned off or back on; an agent
-- with no row is on.
create table user_agents (
    tenant_id  text        not null,
    user_id    text        not null,
    agent      text        not null,
    enabled    boolean     not null,
    updated_at timestamptz not null default now(),
    primary key (tenant_id, user_id, agent)
);
