-- Files in and out of a task (tasks.md §5). A file's bytes live in a blob store (a PostgreSQL large
-- object, 'pg-lo:<oid>', or an object of a configured S3-compatible bucket, 's3:<key>'); a row here
-- says which task it belongs to, what it is called and what it holds. Deleting the task (its
-- retention) deletes its rows, and a trigger hands their blobs to the sweeper (blob_garbage).
create table task_files (
    id           uuid primary key,
    task_id      uuid not null references tasks (id) on delete cascade,
    kind         text not null check (kind in ('attachment', 'artifact')),
    ordinal      int not null,
    name         text not null,
    path         text,
    content_type text not null,
    size_bytes   bigint not null check (size_bytes >= 0),
    sha256       text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    blob         text not null unique,
    job_id       uuid,
    created_at   timestamptz not null default now(),
    unique (task_id, kind, name)
);
create index task_files_by_task on task_files (task_id, kind, ordinal);

-- Blobs to delete from their store once not_before has passed: those whose row was deleted, and
-- every blob while it is being written (its row not yet committed), so a writer that dies midway
-- leaves nothing behind for longer than its grace.
create table blob_garbage (
    blob       text primary key,
    not_before timestamptz not null default now()
);

create function task_file_deleted() returns trigger language plpgsql as $$
begin
    insert into blob_garbage (blob) values (old.blob)
        on conflict (blob) do update set not_before = least(blob_garbage.not_before, excluded.not_before);
    return old;
end $$;

create trigger task_file_deleted after delete on task_files
    for each row execute function task_file_deleted();

-- The names the task object lists (tasks.md §5: each attachment's path if given, else its name).
alter table tasks add column attachments text[] not null default '{}';

-- Ended tasks are deleted after the retention, oldest first.
create index tasks_ended_by_age on tasks (updated_at) where status in ('completed', 'failed', 'canceled', 'superseded');
