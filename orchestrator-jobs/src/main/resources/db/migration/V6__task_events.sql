-- Live task events (tasks.md §4): every status a task takes and the output its job prints while
-- it runs, in one order per task (seq), so a follower resumes after the last event it saw. The
-- stored result stays the Worker API's; these rows are the live view, deleted with the task.
create table task_events (
    seq      bigserial primary key,
    task_id  uuid not null references tasks (id) on delete cascade,
    kind     text not null check (kind in ('status', 'output')),
    status   text,
    stream   text check (stream in ('stdout', 'stderr')),
    text     text,
    at       timestamptz not null default now(),
    check ((kind = 'status') = (status is not null)),
    check ((kind = 'output') = (stream is not null and text is not null))
);
create index task_events_task on task_events (task_id, seq);

-- A status event whoever changes the status (the lifecycle's transitions, the gateway's cancel),
-- and a wake-up for the task's followers.
create function task_status_event() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' or new.status is distinct from old.status then
        insert into task_events (task_id, kind, status) values (new.id, 'status', new.status);
        perform pg_notify('cynode_task_events', new.id::text);
    end if;
    return new;
end $$;

create trigger tasks_status_events after insert or update of status on tasks
    for each row execute function task_status_event();
