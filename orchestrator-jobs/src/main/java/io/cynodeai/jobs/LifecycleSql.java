package io.cynodeai.jobs;

import java.time.Duration;

/** SQL that several of {@link JobLifecycle}'s transitions share. */
final class LifecycleSql {
    static final String CANCELED_OR = "case when cancel_requested then 'canceled' else ";

    /**
     * The jobs a claim takes, fairly (nodes.md §2): each ready job ranked within its owner's queue
     * (oldest first), and the queues served round-robin by the owner's running jobs plus that
     * rank, so the next free slot goes to the user with the fewest running jobs, then the oldest
     * job. A user at {@code :max_running} running jobs gets none until one ends, and a node that is
     * not active (draining, revoked, reset) claims nothing. The candidates
     * are then locked ({@code skip locked}), so concurrent claims never take one job twice.
     */
    static final String FAIR_NEXT = """
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
                      and (coalesce(j.payload ->> 'input_mode', 'commands') = 'prompt') = :prompts
                      and (:prompts or exists (select 1 from nodes n where n.id = cast(:node as uuid)
                                               and n.status = 'active'))) q
                where q.turn <= :max_running
                order by q.turn, q.next_attempt_at, q.created_at
                limit :max)
            and status = 'queued'
            for update skip locked""";

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
