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
 * A claim is for one node, and takes only what the node can run and has room for; a result that
 * comes back after its lease was lost goes on the job's history, never in place of its result.
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
     * @param unreachableAfter a node not heard from for this long gets no job (nodes.md §2)
     */
    public record Limits(int maxRunningPerUser, int maxQueuedPerUser, Duration unreachableAfter) {
        public static final Limits DEFAULT = new Limits(8, 1000, Duration.ofSeconds(15));

        public Limits(int maxRunningPerUser, int maxQueuedPerUser) {
            this(maxRunningPerUser, maxQueuedPerUser, DEFAULT.unreachableAfter);
        }
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
                return jdbc.sql(LifecycleSql.ENQUEUE)
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
     * QUEUED → RUNNING: claims up to {@code max} ready jobs for a node, as many as it has free
     * slots and only those it can run ({@link LifecycleSql#CLAIM_ON_NODE}), fairly between users,
     * each under a lease of its own, and marks their tasks running, in one statement.
     *
     * <p>The claim's commit does not wait for the WAL flush: a claim lost in a database crash
     * leaves the job queued, to be run again under the same {@code job_id}, which the worker runs
     * once. What a user was told (task created, result stored) stays durable.
     */
    public Claimed claimOn(UUID nodeId, Duration lease, int max) {
        return claim(LifecycleSql.CLAIM_ON_NODE, nodeId, lease, max);
    }

    /** {@link #claimOn}'s jobs alone. */
    public List<Claim> claim(UUID nodeId, Duration lease, int max) {
        return claimOn(nodeId, lease, max).claims();
    }

    /** QUEUED → RUNNING for prompt jobs (answered by a model, on no node's sandbox): the same claim. */
    public List<Claim> claimPrompts(Duration lease, int max) {
        return claim(LifecycleSql.CLAIM_PROMPTS, null, lease, max).claims();
    }

    private Claimed claim(String sql, UUID nodeId, Duration lease, int max) {
        int[] room = {0};
        boolean[] heldElsewhere = {false};
        List<Claim> claims = jdbc
                .sql(sql)
                .param("node", nodeId, java.sql.Types.OTHER)
                .param("max", max)
                .param("max_running", limits.maxRunningPerUser())
                .param("secs", LifecycleSql.seconds(lease))
                .param("unreachable", LifecycleSql.seconds(limits.unreachableAfter()))
                .query((rs, row) -> {
                    room[0] = rs.getInt("room");
                    heldElsewhere[0] = rs.getBoolean("held_elsewhere");
                    return rs.getObject("id") == null ? null : Claim.row(rs, row);
                })
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .toList();
        return new Claimed(claims, room[0], heldElsewhere[0]);
    }

    /**
     * RUNNING → RUNNING: the held leases last {@code lease} from now, those of jobs on a node
     * heard from within {@code seenWithin} (a node cut off loses its jobs when their leases run
     * out, though its caller still waits for its answer).
     */
    public void renew(Collection<UUID> leases, Duration lease, Duration seenWithin) {
        if (leases.isEmpty()) {
            return;
        }
        jdbc.sql(LifecycleSql.RENEW)
                .param("secs", LifecycleSql.seconds(lease))
                .param("seen", LifecycleSql.seconds(seenWithin))
                .param("leases", leases.toArray(UUID[]::new))
                .update();
    }

    /**
     * A result that came back from an attempt that had lost its lease (the job was given back and
     * may have run again elsewhere): kept on the job's history, never as its result, which is the
     * one its lease holder stored. Nothing when the job is gone.
     */
    public void recordLateResult(Claim claim, UUID nodeId, String resultJson) {
        jdbc.sql(LifecycleSql.LATE_RESULT)
                .param("job", claim.jobId())
                .param("node", nodeId, java.sql.Types.OTHER)
                .param("attempt", claim.attempts())
                .param("details", resultJson == null ? "{}" : resultJson)
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
        return jdbc.sql(LifecycleSql.COMPLETE)
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

    /**
     * RUNNING → QUEUED (CANCELED if so requested) for every job whose lease ran out; how many. Of
     * control planes sweeping at once, one does it (a PostgreSQL advisory lock, held for the
     * statement's transaction), the others find it done; 0 for them.
     */
    public int expire() {
        return jdbc.sql(LifecycleSql.requeue(
                        "status = 'running' and lease_expires_at < clock_timestamp()"
                                + " and (select pg_try_advisory_xact_lock(" + LifecycleSql.EXPIRE_LOCK + "))",
                        LifecycleSql.RESUME_ON_LIVE_NODE))
                .param("reason", "lease expired")
                .param("unreachable", LifecycleSql.seconds(limits.unreachableAfter()))
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
        return jdbc.sql(LifecycleSql.CANCEL)
                        .param("task", taskId)
                        .query(Integer.class)
                        .single()
                > 0;
    }
}
