-- Inference (inference.md): the models each node serves, API tokens for programs, chat threads
-- and their messages, and the audit of every model request.

-- What the node's latest capability report says its inference container has: [{id, size, loaded}].
alter table nodes add column inference_models jsonb not null default '[]';

-- Personal API tokens: only a hash is stored; the token is shown once, at creation.
create table api_tokens (
    id           uuid primary key,
    user_id      uuid not null references users (id) on delete cascade,
    name         text not null,
    token_hash   text not null unique,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_tokens_user on api_tokens (user_id, created_at desc);

-- One active thread per (user, project); a new one after 2 h without activity.
create table chat_threads (
    id             uuid primary key,
    user_id        uuid not null references users (id) on delete cascade,
    project        text not null,
    created_at     timestamptz not null default now(),
    last_active_at timestamptz not null default now()
);
create index chat_threads_active on chat_threads (user_id, project, last_active_at desc);

-- Messages as stored: already redacted. An answer that broke off is kept with status 'error'.
create table chat_messages (
    id         bigserial primary key,
    thread_id  uuid not null references chat_threads (id) on delete cascade,
    role       text not null check (role in ('system', 'developer', 'user', 'assistant', 'tool')),
    content    text not null,
    model      text,
    status     text not null default 'ok' check (status in ('ok', 'error')),
    created_at timestamptz not null default now()
);
create index chat_messages_thread on chat_messages (thread_id, id);

-- Every model request: who, which model, which path answered, tokens, time, outcome, and which
-- kinds of secret were redacted (never the values).
create table inference_audit (
    id                bigserial primary key,
    at                timestamptz not null default now(),
    user_id           uuid,
    model             text,
    path              text,
    stream            boolean not null default false,
    prompt_tokens     integer,
    completion_tokens integer,
    duration_ms       bigint not null,
    outcome           text not null,
    redactions        text[] not null default '{}'
);
create index inference_audit_user on inference_audit (user_id, at desc);
