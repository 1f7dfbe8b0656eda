package io.cynodeai.gateway.task;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.user.TaskBodies.JobView;
import io.cynodeai.contracts.user.TaskBodies.TaskResponse;
import io.cynodeai.contracts.worker.RunJobRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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
     * Creates the task and its queued job, and wakes the dispatcher on commit: one statement, so
     * one round trip and one commit.
     *
     * @return empty when the owner already has a task with that name
     */
    Optional<TaskResponse> create(
            UUID owner, String name, String prompt, String inputMode, RunJobRequest.Sandbox sandbox) {
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
                                returning id)
                            select task.*, pg_notify('cynode_jobs', job.id::text) from task, job""")
                    .param("task", taskId)
                    .param("owner", owner)
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

    List<JobView> jobs(UUID taskId) {
        return jdbc.sql("select id, status, result::text as result, queued_at, started_at, ended_at from jobs"
                        + " where task_id = ? order by created_at")
                .param(taskId)
                .query((rs, i) -> new JobView(
                        rs.getObject("id", UUID.class).toString(),
                        rs.getString("status"),
                        rs.getString("result"),
                        instant(rs.getTimestamp("queued_at")),
                        instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("ended_at"))))
                .list();
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
