package io.cynodeai.controlplane.dispatch;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The job queue in PostgreSQL. A claim is one statement ({@code FOR UPDATE SKIP LOCKED}, then an
 * update with a lease); every later write is conditional on the lease, so a claim that expired
 * and went to someone else is never overwritten by its old holder.
 */
@Repository
class JobQueue {
    private final JdbcClient jdbc;

    JobQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims up to {@code max} of the oldest ready jobs for a node and marks their tasks running,
     * in one statement; each job gets a lease of its own.
     *
     * <p>The claim's commit does not wait for the WAL flush: a claim lost in a database crash
     * leaves the job queued, and it is dispatched again under the same {@code job_id}, which the
     * worker runs once. Everything a user was told (task created, result stored) stays durable.
     * The setting is made inside the statement (its own transaction), so the claim stays one
     * round trip.
     */
    List<Claim> claim(UUID nodeId, Duration lease, int max) {
        return jdbc.sql("""
                        with async_commit as (select set_config('synchronous_commit', 'off', true)),
                        next as (
                            select id from jobs
                            where status = 'queued' and next_attempt_at <= now() and not cancel_requested
                            order by next_attempt_at, created_at
                            limit :max
                            for update skip locked),
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
                        select * from claimed order by created_at""")
                .param("node", nodeId)
                .param("max", max)
                .param("secs", (double) lease.toMillis() / 1000.0)
                .query((rs, i) -> new Claim(
                        rs.getObject("id", UUID.class),
                        rs.getObject("task_id", UUID.class),
                        rs.getObject("lease_id", UUID.class),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("queued_at").toInstant(),
                        rs.getTimestamp("claimed_at").toInstant()))
                .list();
    }

    void renew(Collection<UUID> leases, Duration lease) {
        if (leases.isEmpty()) {
            return;
        }
        jdbc.sql("update jobs set lease_expires_at = clock_timestamp() + make_interval(secs => :secs)"
                        + " where status = 'running' and lease_id = any(:leases)")
                .param("secs", (double) lease.toMillis() / 1000.0)
                .param("leases", leases.toArray(UUID[]::new))
                .update();
    }

    /**
     * Stores the worker's result and ends job and task, in one statement.
     *
     * @return false when the lease was lost (someone else owns the job now)
     */
    boolean finish(Claim claim, String status, String resultJson, String summary) {
        return jdbc.sql("""
                        with job as (
                            update jobs set status = case when cancel_requested then 'canceled' else :status end,
                                result = cast(:result as jsonb), ended_at = now(), updated_at = now(),
                                lease_id = null, lease_expires_at = null
                            where id = :id and lease_id = :lease and status = 'running'
                            returning task_id, status),
                        task as (
                            update tasks t set status = job.status,
                                summary = case when job.status = 'canceled' then 'canceled' else :summary end,
                                updated_at = now()
                            from job where t.id = job.task_id)
                        select count(*) from job""")
                        .param("status", status)
                        .param("result", resultJson)
                        .param("id", claim.jobId())
                        .param("lease", claim.leaseId())
                        .param("summary", summary)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** Gives the job back to the queue to be tried again after {@code delay}. */
    void retryLater(Claim claim, String reason, Duration delay) {
        jdbc.sql("""
                        update jobs set status = case when cancel_requested then 'canceled' else 'queued' end,
                            node_id = null, lease_id = null, lease_expires_at = null, last_error = :reason,
                            next_attempt_at = now() + make_interval(secs => :secs), updated_at = now()
                        where id = :id and lease_id = :lease and status = 'running'""")
                .param("reason", reason)
                .param("secs", (double) delay.toMillis() / 1000.0)
                .param("id", claim.jobId())
                .param("lease", claim.leaseId())
                .update();
    }

    /** Returns jobs whose lease expired (their holder died) to the queue. */
    int expireLeases() {
        return jdbc.sql("""
                        update jobs set status = case when cancel_requested then 'canceled' else 'queued' end,
                            node_id = null, lease_id = null, lease_expires_at = null,
                            last_error = 'lease expired', updated_at = now()
                        where status = 'running' and lease_expires_at < clock_timestamp()""").update();
    }

    /** Ends tasks whose only job was canceled by a lease expiry or a retry. */
    void settleCanceledTasks() {
        jdbc.sql("""
                        update tasks t set status = 'canceled', updated_at = now()
                        where t.status in ('queued', 'running')
                          and exists (select 1 from jobs j where j.task_id = t.id and j.status = 'canceled')""").update();
    }

    List<UUID> cancelRequested(Collection<UUID> leases) {
        if (leases.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from jobs where status = 'running' and cancel_requested and lease_id = any(:leases)")
                .param("leases", leases.toArray(UUID[]::new))
                .query(UUID.class)
                .list();
    }
}
