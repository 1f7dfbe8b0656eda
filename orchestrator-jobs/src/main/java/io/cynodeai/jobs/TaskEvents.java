package io.cynodeai.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A task's live events (migration V6): the statuses it took (written by a trigger, whoever
 * changed it) and what its job printed while it ran (appended by the control plane as the
 * Worker API streams it), in one order, each with a sequence number a follower resumes after.
 */
public class TaskEvents {
    /** Notified with the task's id whenever one of its events is stored. */
    public static final String CHANNEL = "cynode_task_events";

    /** One event: a status, or a piece of output of one stream. */
    public record TaskEvent(long seq, String kind, String status, String stream, String text, Instant at) {
        public boolean isStatus() {
            return "status".equals(kind);
        }
    }

    private final JdbcClient jdbc;

    public TaskEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends output of a running job to its task's events, and wakes the task's followers. */
    public void output(UUID taskId, String stream, String text) {
        jdbc.sql("""
                        with e as (insert into task_events (task_id, kind, stream, text) values (:task, 'output', :stream, :text))
                        select pg_notify('cynode_task_events', cast(:task as text))""")
                .param("task", taskId)
                .param("stream", stream)
                .param("text", text)
                .query()
                .singleRow();
    }

    /** The task's events after {@code seq}, in order, at most {@code limit}. */
    public List<TaskEvent> after(UUID taskId, long seq, int limit) {
        return jdbc.sql("select seq, kind, status, stream, text, at from task_events"
                        + " where task_id = ? and seq > ? order by seq limit ?")
                .params(taskId, seq, limit)
                .query(TaskEvents::event)
                .list();
    }

    private static TaskEvent event(ResultSet rs, int row) throws SQLException {
        Timestamp at = rs.getTimestamp("at");
        return new TaskEvent(
                rs.getLong("seq"),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getString("stream"),
                rs.getString("text"),
                at == null ? null : at.toInstant());
    }
}
