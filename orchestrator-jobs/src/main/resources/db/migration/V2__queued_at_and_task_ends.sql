-- When a job became visible to the dispatcher: the commit time of the transaction that queued it
-- (track_commit_timestamp), else its creation time. Set by the first claim; pick-up = claim - queued_at.
alter table jobs add column queued_at timestamptz;

-- Wakes whoever waits for a task to end (the gateway's long-poll on a task's result). One trigger
-- covers every path that ends a task: a stored result, a give-up, a cancel.
create function notify_task_ended() returns trigger language plpgsql as $$
begin
    perform pg_notify('cynode_task_ends', new.id::text);
    return null;
end $$;

create trigger tasks_ended after update of status on tasks
    for each row
    when (new.status in ('completed', 'failed', 'canceled') and old.status is distinct from new.status)
    execute function notify_task_ended();
