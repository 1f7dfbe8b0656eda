package io.cynodeai.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads of tasks and their jobs, each scoped to the owner, so another user's task is simply not found. */
public class TaskReads {
    /** A task with its last job's exit code and end (when that job has ended). */
    static final String TASK = """
            select t.*, last.exit_code, last.ended_at from tasks t
            left join lateral (select case when j.result ->> 'exit_code' ~ '^-?[0-9]{1,9}$'
                        then (j.result ->> 'exit_code')::int end as exit_code, j.ended_at
                    from jobs j where j.task_id = t.id order by j.created_at desc limit 1) last on true
            """;

    private final JdbcClient jdbc;

    public TaskReads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A task with its jobs (in creation order). */
    public record TaskWithJobs(TaskRecord task, List<JobRecord> jobs) {}

    /** What one job printed. */
    public record JobOutput(String stdout, String stderr) {}

    /** A place in the newest-first order: the last task of a page. */
    public record Keyset(Instant createdAt, UUID id) {}

    public Optional<TaskRecord> find(UUID owner, UUID id) {
        return jdbc.sql(TASK + " where t.id = ? and t.owner_id = ?")
                .params(id, owner)
                .query(TaskReads::task)
                .optional();
    }

    /** The owner's task of that name (as stored, or as the name normalises). */
    public Optional<TaskRecord> findByName(UUID owner, String name) {
        return jdbc.sql(TASK + " where t.owner_id = ? and t.task_name in (?, ?) order by t.task_name = ? desc limit 1")
                .params(owner, name, TaskNames.normalise(name).orElse(name), name)
                .query(TaskReads::task)
                .optional();
    }

    /** The owner's tasks, newest first, from {@code offset} (the Phase 1 paging). */
    public List<TaskRecord> list(UUID owner, TaskStatus status, int limit, int offset) {
        return jdbc.sql(TASK + " where t.owner_id = :owner and (cast(:status as text) is null or t.status = :status)"
                        + " order by t.created_at desc, t.id limit :limit offset :offset")
                .param("owner", owner)
                .param("status", status == null ? null : status.wire())
                .param("limit", limit)
                .param("offset", offset)
                .query(TaskReads::task)
                .list();
    }

    /** The owner's tasks, newest first, after {@code after} (null: from the newest). */
    public List<TaskRecord> list(UUID owner, TaskStatus status, int limit, Keyset after) {
        return jdbc.sql(TASK + """
                         where t.owner_id = :owner and (cast(:status as text) is null or t.status = :status)
                          and (cast(:at as timestamptz) is null or t.created_at < :at
                               or (t.created_at = :at and t.id > :id))
                        order by t.created_at desc, t.id limit :limit""")
                .param("owner", owner)
                .param("status", status == null ? null : status.wire())
                .param(
                        "at",
                        after == null ? null : after.createdAt().atOffset(ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE)
                .param("id", after == null ? null : after.id(), Types.OTHER)
                .param("limit", limit)
                .query(TaskReads::task)
                .list();
    }

    /**
     * Reads a task and, in the same statement, its jobs: always when {@code jobsAlways}, else only
     * once the task has ended (so a wait re-reads little).
     */
    public Optional<TaskWithJobs> withJobs(UUID owner, UUID id, boolean jobsAlways) {
        List<Row> rows = jdbc.sql("with t as (" + TASK + """
                         where t.id = :id and t.owner_id = :owner)
                        select t.*, j.id as job_id, j.status as job_status, j.result::text as job_result, n.slug as job_node,
                            j.queued_at as job_queued_at, j.started_at as job_started_at, j.ended_at as job_ended_at
                        from t left join jobs j on j.task_id = t.id and (:always or t.status = any(:ended))
                        left join nodes n on n.id = j.node_id
                        order by j.created_at""")
                .param("always", jobsAlways)
                .param("ended", TaskStatus.wire(TaskStatus.ENDED))
                .param("id", id)
                .param("owner", owner)
                .query((rs, i) -> new Row(task(rs, i), job(rs)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<JobRecord> jobs =
                rows.stream().map(Row::job).filter(Objects::nonNull).toList();
        return Optional.of(new TaskWithJobs(rows.getFirst().task(), jobs));
    }

    /** What each job of the task printed, in creation order (empty strings for none). */
    public List<JobOutput> outputs(UUID taskId) {
        return jdbc.sql("select coalesce(result->>'stdout', ''), coalesce(result->>'stderr', '') from jobs"
                        + " where task_id = ? order by created_at")
                .param(taskId)
                .query((rs, i) -> new JobOutput(rs.getString(1), rs.getString(2)))
                .list();
    }

    /** One row of the task-with-jobs join: the task, and one of its jobs or none. */
    private record Row(TaskRecord task, JobRecord job) {}

    static TaskRecord task(ResultSet rs, int row) throws SQLException {
        return new TaskRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getString("task_name"),
                rs.getString("prompt"),
                rs.getString("input_mode"),
                TaskStatus.of(rs.getString("status")),
                rs.getString("summary"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                rs.getObject("exit_code", Integer.class),
                instant(rs.getTimestamp("ended_at")),
                attachments(rs.getArray("attachments")));
    }

    private static List<String> attachments(java.sql.Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static JobRecord job(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("job_id", UUID.class);
        return id == null
                ? null
                : new JobRecord(
                        id,
                        JobStatus.of(rs.getString("job_status")),
                        rs.getString("job_node"),
                        rs.getString("job_result"),
                        instant(rs.getTimestamp("job_queued_at")),
                        instant(rs.getTimestamp("job_started_at")),
                        instant(rs.getTimestamp("job_ended_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
    /** Of the running jobs held under {@code leases}, those whose cancel was requested . */
    public List<UUID> cancelRequested(Collection<UUID> leases) {
        if (leases.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from jobs where status = 'running' and cancel_requested and lease_id = any(:leases)")
                .param("leases", leases.toArray(UUID[]::new))
                .query(UUID.class)
                .list();
    }
}
