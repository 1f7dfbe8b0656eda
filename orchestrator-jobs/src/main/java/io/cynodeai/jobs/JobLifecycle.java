package io.cynodeai.jobs;

import java.sql.Types;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every way a job (and with it its task) changes state, and nothing else writes the task and
 * job tables. Each transition is one SQL statement that names the state it leaves, so a
 * transition from the wrong state changes nothing (and says so where the caller must know):
 *
 * <pre>
 *   enqueue ──► QUEUED ──claim──► RUNNING ──complete──► COMPLETED | FAILED | TIMEOUT
 *                 ▲  │               │ │ └──fail──────► FAILED
 *                 │  │               │ └──renew (lease extended, same state)
 *                 │  └──cancel──► CANCELED ◄──(cancel requested, then complete/retry/expire)
 *                 └──retry / expire (lease run out) / release (node revoked)─┘
 * </pre>
 *
 * A task follows its job: running on its first claim, ended with it ({@code timeout}: {@code
 * failed}). A running job's cancel only marks it; the control plane stops its container.
 */
public class JobLifecycle {
    /** Notified with a job's id in the transaction that queues it. */
    public static final String NEW_JOBS_CHANNEL = "cynode_jobs";

    private final JdbcClient jdbc;
    private final Limits limits;

    /**
     * Per-user limits (nodes.md §2, fairness).
     *
     * @param maxRunningPerUser a user's jobs running at once at most; the rest wait their turn
     * @param maxQueuedPerUser a user's tasks waiting at most; beyond, {@link #enqueue} refuses
     */
    public record Limits(int maxRunningPerUser, int maxQueuedPerUser) {
        public static final Limits DEFAULT = new Limits(8, 1000);
    }

    /** A user has {@link Limits#maxQueuedPerUser} tasks waiting already. */
    public static final class QueueFull extends RuntimeException {
        QueueFull(int max) {
            super("you have " + max + " tasks waiting already; try again when some have run");
        }
    }

    public JobLifecycle(JdbcClient jdbc) {
        this(jdbc, Limits.DEFAULT);
    }

    public JobLifecycle(JdbcClient jdbc, Limits limits) {
        this.jdbc = jdbc;
        this.limits = limits;
    }

    /**
     * A task for this user with this input: the task (named as {@link TaskNames#PICK} says), its
     * queued job and its audit record in one statement (one round trip, one durable commit),
     * waking the dispatchers on commit. A name taken by a concurrent request is picked again.
     *
     * @throws QueueFull when the user has {@link Limits#maxQueuedPerUser} tasks waiting already
     */
    public TaskRecord enqueue(NewTask task) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.sql("""
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
                                    pg_notify('cynode_jobs', job.id::text) from task, job""".formatted(TaskNames.PICK))
                        .param("task", UUID.randomUUID())
                        .param("owner", task.ownerId())
                        .param("handle", task.ownerHandle())
                        .param("addr", task.clientAddr())
                        .param("name", task.name(), Types.VARCHAR)
                        .param("prompt", task.prompt())
                        .param("mode", task.inputMode())
                        .param("attachments", task.attachments().toArray(String[]::new))
                        .param("job", UUID.randomUUID())
                        .param("payload", task.job().json())
                        .param("max_queued", limits.maxQueuedPerUser())
                        .query(TaskReads::task)
                        .optional()
                        .orElseThrow(() -> new QueueFull(limits.maxQueuedPerUser()));
            } catch (DuplicateKeyException e) {
                if (attempt == TaskNames.ATTEMPTS) throw e;
            }
        }
    }

    /**
     * QUEUED → RUNNING: claims up to {@code max} ready jobs for a node, fairly between users
     * ({@link LifecycleSql#FAIR_NEXT}), each under a lease of its own, and marks their tasks
     * running, in one statement.
     *
     * <p>The claim's commit does not wait for the WAL flush: a claim lost in a database crash
     * leaves the job queued, to be run again under the same {@code job_id}, which the worker runs
     * once. What a user was told (task created, result stored) stays durable.
     */
    public List<Claim> claim(UUID nodeId, Duration lease, int max) {
        return claim(nodeId, lease, max, false);
    }

    /** QUEUED → RUNNING for prompt jobs (answered by a model, on no node's sandbox): the same claim. */
    public List<Claim> claimPrompts(Duration lease, int max) {
        return claim(null, lease, max, true);
    }

    private List<Claim> claim(UUID nodeId, Duration lease, int max, boolean prompts) {
        return jdbc.sql("""
                        with async_commit as (select set_config('synchronous_commit', 'off', true)),
                        next as (%s),
                        claimed as (
                            update jobs j set status = 'running', node_id = :node, lease_id = gen_random_uuid(),
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
                        select * from claimed order by created_at""".formatted(LifecycleSql.FAIR_NEXT))
                .param("node", nodeId, java.sql.Types.OTHER)
                .param("prompts", prompts)
                .param("max", max)
                .param("max_running", limits.maxRunningPerUser())
                .param("secs", LifecycleSql.seconds(lease))
                .query(Claim::row)
                .list();
    }

    /** RUNNING → RUNNING: the held leases last {@code lease} from now. */
    public void renew(Collection<UUID> leases, Duration lease) {
        if (leases.isEmpty()) {
            return;
        }
        jdbc.sql("update jobs set lease_expires_at = clock_timestamp() + make_interval(secs => :secs)"
                        + " where status = 'running' and lease_id = any(:leases)")
                .param("secs", LifecycleSql.seconds(lease))
                .param("leases", leases.toArray(UUID[]::new))
                .update();
    }

    /**
     * RUNNING → {@code outcome} (COMPLETED, FAILED or TIMEOUT; CANCELED when a cancel was
     * requested): stores the worker's result and ends job and task, in one statement.
     *
     * @return false when the lease was lost (another holder owns the job now)
     */
    public boolean complete(Claim claim, JobStatus outcome, String resultJson, String summary) {
        if (outcome == JobStatus.QUEUED || outcome == JobStatus.RUNNING || outcome == JobStatus.CANCELED) {
            throw new IllegalArgumentException("a job does not complete as " + outcome);
        }
        return jdbc.sql("""
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
                        select count(*) from job""".formatted(LifecycleSql.CANCELED_OR))
                        .param("status", outcome.wire())
                        .param("result", resultJson)
                        .param("id", claim.jobId())
                        .param("lease", claim.leaseId())
                        .param("summary", summary)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** RUNNING → FAILED without a result (the job cannot or need not be tried again). */
    public boolean fail(Claim claim, String summary) {
        return complete(claim, JobStatus.FAILED, null, summary);
    }

    /** RUNNING → QUEUED, to be tried again after {@code delay} (CANCELED when a cancel was requested). */
    public void retry(Claim claim, String reason, Duration delay) {
        jdbc.sql(LifecycleSql.requeue(
                        "id = :id and lease_id = :lease and status = 'running'",
                        "next_attempt_at = now() + make_interval(secs => :secs),"))
                .param("reason", reason)
                .param("secs", LifecycleSql.seconds(delay))
                .param("id", claim.jobId())
                .param("lease", claim.leaseId())
                .query(Integer.class)
                .single();
    }

    /** RUNNING → QUEUED (CANCELED if so requested) for every job whose lease ran out; how many. */
    public int expire() {
        return jdbc.sql(LifecycleSql.requeue("status = 'running' and lease_expires_at < clock_timestamp()", ""))
                .param("reason", "lease expired")
                .query(Integer.class)
                .single();
    }

    /** RUNNING → QUEUED (CANCELED if so requested) for every job on a node that was revoked; how many. */
    public int release(UUID nodeId, String reason) {
        return jdbc.sql(LifecycleSql.requeue("status = 'running' and node_id = :node", ""))
                .param("reason", reason)
                .param("node", nodeId)
                .query(Integer.class)
                .single();
    }

    /**
     * QUEUED → CANCELED at once, with the task; a RUNNING job is marked, and the control plane
     * stops it and ends it CANCELED. One statement; whether anything was canceled or marked.
     */
    public boolean cancel(UUID taskId) {
        return jdbc.sql("""
                        with queued as (
                            update jobs set status = 'canceled', ended_at = now(), updated_at = now()
                            where task_id = :task and status = 'queued' returning 1),
                        running as (
                            update jobs set cancel_requested = true, updated_at = now()
                            where task_id = :task and status = 'running' and not cancel_requested returning 1),
                        task as (
                            update tasks set status = 'canceled', summary = 'canceled', updated_at = now()
                            where id = :task and status in ('queued', 'running') and exists (select 1 from queued))
                        select (select count(*) from queued) + (select count(*) from running)""").param("task", taskId).query(Integer.class).single() > 0;
    }
}
