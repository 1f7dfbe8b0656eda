package io.cynodeai.gateway.task;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.user.TaskBodies.JobView;
import io.cynodeai.contracts.user.TaskBodies.TaskResponse;
import io.cynodeai.contracts.worker.RunJobRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Tasks and their jobs; every read is scoped to the owner, so another user's task is simply not found. */
@Repository
class Tasks {
    private final JdbcClient jdbc;

    Tasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Creates the task, its queued job and its audit record, and wakes the dispatcher on commit:
     * one statement, so one round trip and one durable commit per task.
     *
     * @return empty when the owner already has a task with that name
     */
    Optional<TaskResponse> create(
            Creator owner, String name, String prompt, String inputMode, RunJobRequest.Sandbox sandbox) {
        UUID taskId = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        RunJobRequest job = new RunJobRequest(1, taskId.toString(), jobId.toString(), sandbox);
        try {
            return jdbc.sql("""
                            with task as (
                                insert into tasks (id, owner_id, task_name, prompt, input_mode, status)
                                values (:task, :owner, :name, :prompt, :mode, 'queued')
                                returning *),
                            job as (
                                insert into jobs (id, task_id, status, payload)
                                select :job, task.id, 'queued', cast(:payload as jsonb) from task
                                returning id),
                            audit as (
                                insert into auth_audit_log (event, outcome, user_id, handle, client_addr, details)
                                select 'task_create', 'success', task.owner_id, :handle, :addr,
                                    jsonb_build_object('task_id', task.id::text) from task)
                            select task.*, pg_notify('cynode_jobs', job.id::text) from task, job""")
                    .param("task", taskId)
                    .param("owner", owner.userId())
                    .param("handle", owner.handle())
                    .param("addr", owner.clientAddr())
                    .param("name", name)
                    .param("prompt", prompt)
                    .param("mode", inputMode)
                    .param("job", jobId)
                    .param("payload", Json.write(job))
                    .query(Tasks::task)
                    .optional();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    Optional<TaskResponse> find(UUID owner, UUID id) {
        return jdbc.sql("select * from tasks where id = ? and owner_id = ?")
                .params(id, owner)
                .query(Tasks::task)
                .optional();
    }

    List<TaskResponse> list(UUID owner, int limit, int offset) {
        return jdbc.sql("select * from tasks where owner_id = ? order by created_at desc, id limit ? offset ?")
                .params(owner, limit, offset)
                .query(Tasks::task)
                .list();
    }

    /** Who creates a task, for its audit record. */
    record Creator(UUID userId, String handle, String clientAddr) {}

    /** A task with its jobs (in creation order). */
    record WithJobs(TaskResponse task, List<JobView> jobs) {}

    /**
     * Reads a task and, in the same statement, its jobs: always when {@code jobsAlways}, else
     * only once the task has one of the {@code ended} statuses (so a wait re-reads little).
     */
    Optional<WithJobs> withJobs(UUID owner, UUID id, boolean jobsAlways, Collection<String> ended) {
        List<Row> rows = jdbc.sql("""
                        select t.*, j.id as job_id, j.status as job_status, j.result::text as job_result,
                            j.queued_at as job_queued_at, j.started_at as job_started_at, j.ended_at as job_ended_at
                        from tasks t left join jobs j on j.task_id = t.id and (:always or t.status = any(:ended))
                        where t.id = :id and t.owner_id = :owner
                        order by j.created_at""")
                .param("always", jobsAlways)
                .param("ended", ended.toArray(String[]::new))
                .param("id", id)
                .param("owner", owner)
                .query((rs, i) -> new Row(task(rs, i), job(rs)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<JobView> jobs =
                rows.stream().map(Row::job).filter(Objects::nonNull).toList();
        return Optional.of(new WithJobs(rows.getFirst().task(), jobs));
    }

    /** One row of the task-with-jobs join: the task, and one of its jobs or none. */
    private record Row(TaskResponse task, JobView job) {}

    private static JobView job(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("job_id", UUID.class);
        return id == null
                ? null
                : new JobView(
                        id.toString(),
                        rs.getString("job_status"),
                        rs.getString("job_result"),
                        instant(rs.getTimestamp("job_queued_at")),
                        instant(rs.getTimestamp("job_started_at")),
                        instant(rs.getTimestamp("job_ended_at")));
    }

    List<String[]> outputs(UUID taskId) {
        return jdbc.sql("select coalesce(result->>'stdout', ''), coalesce(result->>'stderr', '') from jobs"
                        + " where task_id = ? order by created_at")
                .param(taskId)
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
    }

    /**
     * Cancels a task: a queued one at once; a running one is marked, and the control plane stops
     * its container and ends it {@code canceled}.
     *
     * @return whether anything was canceled
     */
    @Transactional
    boolean cancel(UUID taskId) {
        int queued = jdbc.sql("update jobs set status = 'canceled', ended_at = now(), updated_at = now()"
                        + " where task_id = ? and status = 'queued'")
                .param(taskId)
                .update();
        int running = jdbc.sql("update jobs set cancel_requested = true, updated_at = now()"
                        + " where task_id = ? and status = 'running' and not cancel_requested")
                .param(taskId)
                .update();
        if (queued > 0) {
            jdbc.sql("update tasks set status = 'canceled', summary = 'canceled', updated_at = now()"
                            + " where id = ? and status in ('queued', 'running')")
                    .param(taskId)
                    .update();
        }
        return queued + running > 0;
    }

    private static TaskResponse task(ResultSet rs, int row) throws SQLException {
        String id = rs.getObject("id", UUID.class).toString();
        return new TaskResponse(
                id,
                id,
                rs.getString("status"),
                rs.getString("task_name"),
                rs.getString("prompt"),
                rs.getString("summary"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
