-- The lifecycle's statuses are closed sets (io.cynodeai.jobs.TaskStatus and JobStatus); the
-- database refuses any other value, whoever writes it.
alter table tasks add constraint tasks_status_known
    check (status in ('queued', 'running', 'completed', 'failed', 'canceled', 'superseded'));
alter table jobs add constraint jobs_status_known
    check (status in ('queued', 'running', 'completed', 'failed', 'timeout', 'canceled'));
-- A running job has a holder and a lease; no other job has either.
alter table jobs add constraint jobs_lease_only_while_running
    check ((status = 'running') = (lease_id is not null and lease_expires_at is not null));

-- A job's payload is now what the user asked for (io.cynodeai.jobs.JobSpec), not a Worker API
-- request: only the control plane turns a job into one. Jobs written before keep their command.
update jobs set payload = jsonb_build_object('input_mode', 'commands', 'commands',
        jsonb_build_array(coalesce(payload #>> '{sandbox,command,2}', array_to_string(
            array(select jsonb_array_elements_text(payload #> '{sandbox,command}')), ' '))))
    where payload ? 'sandbox';
