package io.cynodeai.jobs;

import java.time.Duration;

/** SQL that several of {@link JobLifecycle}'s transitions share. */
final class LifecycleSql {
    /** The advisory lock key of the lease-expiry sweep (one control plane sweeps at a time). */
    static final long EXPIRE_LOCK = 0x63796e6f6465_01L;

    static final String CANCELED_OR = "case when cancel_requested then 'canceled' else ";

    /**
     * The jobs a claim takes, fairly (nodes.md §2): each ready job that {@code %1$s} admits ranked
     * within its owner's queue (oldest first), and the queues served round-robin by the owner's
     * running jobs plus that rank, so the next free slot goes to the user with the fewest running
     * jobs, then the oldest job. A user at {@code :max_running} running jobs gets none until one
     * ends. At most {@code %2$s} jobs; the candidates are locked ({@code skip locked}), so
     * concurrent claims never take one job twice.
     */
    private static final String FAIR_NEXT = """
            select id from jobs where id in (
                select q.id from (
                    select j.id, j.next_attempt_at, j.created_at,
                        coalesce(r.running, 0) + row_number() over (
                            partition by t.owner_id order by j.next_attempt_at, j.created_at) as turn
                    from jobs j
                    join tasks t on t.id = j.task_id
                    left join (select rt.owner_id, count(*) as running from jobs rj
                               join tasks rt on rt.id = rj.task_id where rj.status = 'running'
                               group by rt.owner_id) r on r.owner_id = t.owner_id
                    where j.status = 'queued' and j.next_attempt_at <= now() and not j.cancel_requested
                      and %1$s) q
                where q.turn <= :max_running
                order by q.turn, q.next_attempt_at, q.created_at
                limit %2$s)
            and status = 'queued'
            for update skip locked""";

    /** A node row {@code rn} that is active and was heard from within {@code :unreachable} seconds. */
    private static final String LIVE_NODE =
            "rn.status = 'active' and rn.last_seen_at > now() - make_interval(secs => :unreachable)";

    /**
     * Set by {@link JobLifecycle#expire}: the job's node when it is still live, so that the job goes
     * back to it (V12).
     */
    static final String RESUME_ON_LIVE_NODE =
            "resume_node_id = (select rn.id from nodes rn where rn.id = jobs.node_id and " + LIVE_NODE + "),";

    private static final String IS_PROMPT = "coalesce(j.payload ->> 'input_mode', 'commands') = 'prompt'";

    /**
     * QUEUED → RUNNING on a node: the node's row is locked first (so two control planes claiming
     * for one node take turns, the second seeing the first's jobs in the node's {@code
     * running_jobs}); it must be active, heard from within {@code :unreachable} seconds, support
     * sandboxes and have free slots. Of the jobs, those whose {@code node_labels} the node carries,
     * as many as it has free slots (at most {@code :max}). One row per claimed job, or one row of
     * nulls when none was; each with the node's free slots before the claim ({@code room}).
     */
    static final String CLAIM_ON_NODE = claim(
            """
            node as (
                select labels, max_concurrency - running_jobs as room from nodes
                where id = cast(:node as uuid) and status = 'active' and sandbox_supported
                  and last_seen_at > now() - make_interval(secs => :unreachable)
                  and running_jobs < max_concurrency
                for update),
            """,
            "not " + IS_PROMPT + " and coalesce(j.payload -> 'node_labels', '[]'::jsonb) <@ (select labels from node)"
                    + " and (j.resume_node_id is null or j.resume_node_id = cast(:node as uuid)"
                    + " or not exists (select 1 from nodes rn where rn.id = j.resume_node_id and " + LIVE_NODE + "))",
            "(select least(:max, room) from node)",
            "(select room from node)");

    /** QUEUED → RUNNING for prompt jobs (answered by a model, on no node's sandbox): up to {@code :max}. */
    static final String CLAIM_PROMPTS = claim("", IS_PROMPT, ":max", ":max");

    private static String claim(String node, String admits, String limit, String room) {
        return """
                with async_commit as (select set_config('synchronous_commit', 'off', true)),
                %s
                next as (%s),
                claimed as (
                    update jobs j set status = 'running', node_id = :node, lease_id = gen_random_uuid(), resume_node_id = null,
                        lease_expires_at = clock_timestamp() + make_interval(secs => :secs),
                        attempts = j.attempts + 1, started_at = coalesce(j.started_at, clock_timestamp()),
                        queued_at = coalesce(j.queued_at, case when current_setting('track_commit_timestamp') = 'on'
                            then pg_xact_commit_timestamp(j.xmin) end, j.created_at),
                        updated_at = clock_timestamp()
                    from next, async_commit where j.id = next.id
                    returning j.id, j.task_id, j.lease_id, j.payload::text as payload, j.attempts, j.queued_at,
                              j.created_at, clock_timestamp() as claimed_at),
                task as (
                    update tasks t set status = 'running', updated_at = now()
                    from claimed where t.id = claimed.task_id and t.status = 'queued')
                select %s as room, exists (select 1 from jobs h where h.status = 'queued' and h.resume_node_id is not null
                        and h.resume_node_id is distinct from cast(:node as uuid)) as held_elsewhere,
                    claimed.* from (select 1) one left join claimed on true
                order by claimed.created_at""".formatted(node, FAIR_NEXT.formatted(admits, limit), room);
    }

    /** {@link JobLifecycle#renew}: the leases of jobs on no node or on a node seen within {@code :seen}. */
    static final String RENEW = """
            update jobs j set lease_expires_at = clock_timestamp() + make_interval(secs => :secs)
            where j.status = 'running' and j.lease_id = any(:leases)
              and (j.node_id is null or exists (select 1 from nodes n where n.id = j.node_id
                   and n.last_seen_at > now() - make_interval(secs => :seen)))""";

    /** {@link JobLifecycle#recordLateResult}. */
    static final String LATE_RESULT = """
            insert into job_history (job_id, event, node_id, attempt, details)
            select id, 'late_result', :node, :attempt, cast(:details as jsonb) from jobs where id = :job""";

    /** {@link JobLifecycle#enqueue}: task, queued job and audit record, notifying on commit. */
    static final String ENQUEUE = """
                with task as (
                    insert into tasks (id, owner_id, task_name, prompt, input_mode, status, attachments)
                    select :task, :owner, %s, :prompt, :mode, 'queued', :attachments
                    where (select count(*) from tasks where owner_id = :owner and status = 'queued')
                        < :max_queued
                    returning *),
                job as (
                    insert into jobs (id, task_id, status, payload)
                    select :job, task.id, 'queued', cast(:payload as jsonb) from task
                    returning id),
                audit as (
                    insert into auth_audit_log (event, outcome, user_id, handle, client_addr, details)
                    select 'task_create', 'success', task.owner_id, :handle, :addr,
                        jsonb_build_object('task_id', task.id::text) from task)
                select task.*, null::int as exit_code, null::timestamptz as ended_at,
                    pg_notify('cynode_jobs', job.id::text) from task, job""".formatted(TaskNames.PICK);

    /** {@link JobLifecycle#complete}: the result stored, job and task ended, under the lease. */
    static final String COMPLETE = """
                        with job as (
                            update jobs set status = %s :status end,
                                result = cast(:result as jsonb), ended_at = now(), updated_at = now(),
                                lease_id = null, lease_expires_at = null
                            where id = :id and lease_id = :lease and status = 'running'
                            returning task_id, status),
                        task as (
                            update tasks t set status = case job.status when 'timeout' then 'failed' else job.status end,
                                summary = case when job.status = 'canceled' then 'canceled' else :summary end,
                                updated_at = now()
                            from job where t.id = job.task_id)
                        select count(*) from job""".formatted(CANCELED_OR);

    /** {@link JobLifecycle#cancel}: a queued job ends at once, a running one is marked. */
    static final String CANCEL = """
                        with queued as (
                            update jobs set status = 'canceled', ended_at = now(), updated_at = now()
                            where task_id = :task and status = 'queued' returning 1),
                        running as (
                            update jobs set cancel_requested = true, updated_at = now()
                            where task_id = :task and status = 'running' and not cancel_requested returning 1),
                        task as (
                            update tasks set status = 'canceled', summary = 'canceled', updated_at = now()
                            where id = :task and status in ('queued', 'running') and exists (select 1 from queued))
                        select (select count(*) from queued) + (select count(*) from running)""";

    private LifecycleSql() {}

    /**
     * Gives the running jobs that {@code where} selects back to the queue (or ends them canceled,
     * with their task, when a cancel was requested), in one statement that counts them.
     */
    static String requeue(String where, String alsoSet) {
        return """
                with job as (
                    update jobs set status = %s 'queued' end, node_id = null, lease_id = null,
                        lease_expires_at = null, last_error = :reason, %s updated_at = now(),
                        ended_at = case when cancel_requested then now() end
                    where %s
                    returning task_id, status),
                task as (
                    update tasks t set status = 'canceled', summary = 'canceled', updated_at = now()
                    from job where t.id = job.task_id and job.status = 'canceled' and t.status in ('queued', 'running'))
                select count(*) from job""".formatted(CANCELED_OR, alsoSet, where);
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
