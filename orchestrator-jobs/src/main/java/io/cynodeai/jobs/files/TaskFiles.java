package io.cynodeai.jobs.files;

import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobStatus;
import io.cynodeai.jobs.NewTask;
import io.cynodeai.jobs.TaskRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The rows that name a task's files, written in the same transaction as the lifecycle step they
 * belong to: a task is queued with its attachments, a job's result is stored with its artifacts.
 * Naming a blob here takes it out of {@code blob_garbage}; deleting the task (its retention) puts
 * it back, by trigger.
 */
public class TaskFiles {
    private final JdbcClient jdbc;
    private final JobLifecycle lifecycle;
    private final TransactionOperations tx;

    public TaskFiles(JdbcClient jdbc, JobLifecycle lifecycle, TransactionOperations tx) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.tx = tx;
    }

    /** {@link JobLifecycle#enqueue} with its attachments, in one transaction. */
    public TaskRecord enqueue(NewTask task, List<TaskFile.New> attachments) {
        if (attachments.isEmpty()) {
            return lifecycle.enqueue(task);
        }
        return tx.execute(status -> {
            TaskRecord created = lifecycle.enqueue(task);
            insert(created.id(), TaskFile.ATTACHMENT, null, attachments);
            return created;
        });
    }

    /**
     * {@link JobLifecycle#complete} with the artifacts the job left, in one transaction: they are
     * the task's only if its result is the one stored.
     */
    public boolean complete(
            Claim claim, JobStatus outcome, String resultJson, String summary, List<TaskFile.New> artifacts) {
        if (artifacts.isEmpty()) {
            return lifecycle.complete(claim, outcome, resultJson, summary);
        }
        Boolean stored = tx.execute(status -> {
            if (!lifecycle.complete(claim, outcome, resultJson, summary)) {
                return false;
            }
            insert(claim.taskId(), TaskFile.ARTIFACT, claim.jobId(), artifacts);
            return true;
        });
        return Boolean.TRUE.equals(stored);
    }

    public List<TaskFile> attachments(UUID taskId) {
        return of(taskId, TaskFile.ATTACHMENT);
    }

    public List<TaskFile> artifacts(UUID taskId) {
        return of(taskId, TaskFile.ARTIFACT);
    }

    public Optional<TaskFile> artifact(UUID taskId, UUID artifactId) {
        return jdbc.sql("select * from task_files where task_id = :task and id = :id and kind = 'artifact'")
                .param("task", taskId)
                .param("id", artifactId)
                .query(TaskFiles::row)
                .optional();
    }

    private List<TaskFile> of(UUID taskId, String kind) {
        return jdbc.sql("select * from task_files where task_id = :task and kind = :kind order by ordinal")
                .param("task", taskId)
                .param("kind", kind)
                .query(TaskFiles::row)
                .list();
    }

    private void insert(UUID taskId, String kind, UUID jobId, List<TaskFile.New> files) {
        for (int i = 0; i < files.size(); i++) {
            TaskFile.New f = files.get(i);
            jdbc.sql("""
                            with f as (
                                insert into task_files (id, task_id, kind, ordinal, name, path, content_type,
                                    size_bytes, sha256, blob, job_id)
                                values (:id, :task, :kind, :ordinal, :name, :path, :type, :size, :sha, :blob, :job)
                                returning blob)
                            delete from blob_garbage where blob in (select blob from f)""")
                    .param("id", UUID.randomUUID())
                    .param("task", taskId)
                    .param("kind", kind)
                    .param("ordinal", i)
                    .param("name", f.name())
                    .param("path", f.path(), java.sql.Types.VARCHAR)
                    .param("type", f.contentType())
                    .param("size", f.blob().sizeBytes())
                    .param("sha", f.blob().sha256())
                    .param("blob", f.blob().key())
                    .param("job", jobId, java.sql.Types.OTHER)
                    .update();
        }
    }

    private static TaskFile row(ResultSet rs, int n) throws SQLException {
        return new TaskFile(
                rs.getObject("id", UUID.class),
                rs.getObject("task_id", UUID.class),
                rs.getString("kind"),
                rs.getInt("ordinal"),
                rs.getString("name"),
                rs.getString("path"),
                rs.getString("content_type"),
                rs.getLong("size_bytes"),
                rs.getString("sha256"),
                rs.getString("blob"),
                rs.getObject("job_id", UUID.class),
                rs.getTimestamp("created_at").toInstant());
    }
}
