-- Many nodes (nodes.md §2). running_jobs is how many jobs a node holds now, kept by the triggers
-- below with every transition into and out of 'running', so a claim reads a node's free slots
-- from the node's own row: a claim locks that row, and of two control planes claiming for one
-- node the second sees what the first took. last_claimed_at orders nodes with as many free slots
-- (least recently used first). sandbox_supported is what the node's report said.
alter table nodes
    add column running_jobs      integer not null default 0,
    add column last_claimed_at   timestamptz,
    add column sandbox_supported boolean not null default true,
    -- who drained the node: an administrator (it stays drained until resumed, across restarts),
    -- or the node itself on SIGTERM (it takes jobs again when it registers after its restart)
    add column drained_by        text check (drained_by in ('admin', 'node'));

update nodes n set running_jobs = (select count(*) from jobs j where j.node_id = n.id and j.status = 'running');

create function jobs_running_count() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') and old.status = 'running' and old.node_id is not null then
        update nodes set running_jobs = greatest(running_jobs - 1, 0) where id = old.node_id;
    end if;
    if tg_op = 'UPDATE' and new.status = 'running' and new.node_id is not null then
        update nodes set running_jobs = running_jobs + 1, last_claimed_at = now() where id = new.node_id;
    end if;
    return null;
end $$;

create trigger jobs_running_count after update of status, node_id on jobs
    for each row when ((old.status = 'running' or new.status = 'running')
        and (old.status is distinct from new.status or old.node_id is distinct from new.node_id))
    execute function jobs_running_count();

create trigger jobs_running_count_delete after delete on jobs
    for each row when (old.status = 'running') execute function jobs_running_count();

-- What happened to a job besides its one stored result: a result that came back from an attempt
-- that had lost its lease (its node was cut off, the job ran again elsewhere), recorded and ignored.
create table job_history (
    id          bigserial primary key,
    job_id      uuid not null references jobs (id) on delete cascade,
    at          timestamptz not null default now(),
    event       text not null check (event in ('late_result')),
    node_id     uuid,
    attempt     integer,
    details     jsonb
);
create index job_history_job on job_history (job_id, id);
