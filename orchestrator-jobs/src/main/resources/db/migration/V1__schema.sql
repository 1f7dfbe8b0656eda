-- CyNodeAI schema, owned by orchestrator-jobs (the control plane migrates it; the gateway only checks its version).

create table users (
    id          uuid primary key,
    handle      text not null unique,
    email       text,
    is_admin    boolean not null default false,
    is_active   boolean not null default true,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table password_credentials (
    user_id       uuid primary key references users (id) on delete cascade,
    password_hash text not null,
    updated_at    timestamptz not null default now()
);

-- One row per login session; the refresh token is stored only as a SHA-256 hash and rotated
-- on every refresh. previous_token_hash detects reuse of a rotated token (RFC 9700).
create table refresh_sessions (
    id                  uuid primary key,
    user_id             uuid not null references users (id) on delete cascade,
    token_hash          text not null unique,
    previous_token_hash text,
    created_at          timestamptz not null default now(),
    rotated_at          timestamptz,
    expires_at          timestamptz not null,
    revoked_at          timestamptz,
    revoke_reason       text
);
create index refresh_sessions_user on refresh_sessions (user_id) where revoked_at is null;
create index refresh_sessions_previous on refresh_sessions (previous_token_hash);

create table auth_audit_log (
    id          bigserial primary key,
    at          timestamptz not null default now(),
    event       text not null,
    outcome     text not null,
    user_id     uuid,
    handle      text,
    client_addr text,
    details     jsonb
);
create index auth_audit_log_at on auth_audit_log (at);

create table nodes (
    id                     uuid primary key,
    slug                   text not null unique,
    name                   text,
    status                 text not null default 'active',
    worker_api_url         text,
    capability_hash        text,
    max_concurrency        integer not null default 1,
    inference_supported    boolean not null default false,
    applied_config_version bigint,
    applied_at             timestamptz,
    registered_at          timestamptz not null default now(),
    last_seen_at           timestamptz not null default now()
);

create table node_capability_snapshots (
    id              bigserial primary key,
    node_id         uuid not null references nodes (id) on delete cascade,
    received_at     timestamptz not null default now(),
    capability_hash text not null,
    capability      jsonb not null
);
create index node_capability_snapshots_node on node_capability_snapshots (node_id, received_at desc);

-- Versioned configuration per node. payload holds the configuration without its secret; the
-- Worker API bearer token is kept encrypted (AES-GCM) in bearer_token_enc.
create table node_configs (
    node_id          uuid not null references nodes (id) on delete cascade,
    version          bigint not null,
    content_hash     text not null,
    payload          jsonb not null,
    worker_api_url   text,
    bearer_token_enc bytea,
    token_expires_at timestamptz,
    created_at       timestamptz not null default now(),
    primary key (node_id, version)
);

create table node_config_acks (
    id                    bigserial primary key,
    node_id               uuid not null references nodes (id) on delete cascade,
    config_version        bigint not null,
    status                text not null,
    error                 jsonb,
    effective_config_hash text,
    ack_at                timestamptz not null,
    received_at           timestamptz not null default now()
);
create index node_config_acks_node on node_config_acks (node_id, id desc);

create table tasks (
    id          uuid primary key,
    owner_id    uuid not null references users (id),
    task_name   text,
    prompt      text not null,
    input_mode  text not null,
    status      text not null,
    summary     text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    unique (owner_id, task_name)
);
create index tasks_owner_created on tasks (owner_id, created_at desc);

create table jobs (
    id               uuid primary key,
    task_id          uuid not null references tasks (id) on delete cascade,
    status           text not null,
    payload          jsonb not null,
    result           jsonb,
    node_id          uuid references nodes (id),
    lease_id         uuid,
    lease_expires_at timestamptz,
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    cancel_requested boolean not null default false,
    last_error       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    started_at       timestamptz,
    ended_at         timestamptz
);
-- The hot set stays small: only queued and running jobs are indexed for the dispatcher.
create index jobs_queued on jobs (next_attempt_at, created_at) where status = 'queued';
create index jobs_running on jobs (node_id, lease_expires_at) where status = 'running';
create index jobs_task on jobs (task_id);
