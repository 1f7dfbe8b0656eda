package io.cynodeai.jobs;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes tasks that ended longer ago than the retention, with everything of theirs: jobs, events
 * and files (whose blobs the sweep of {@code blob_garbage} then deletes). A task still queued or
 * running is never deleted, however old.
 */
public class TaskRetention {
    private final JdbcClient jdbc;

    public TaskRetention(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Deletes up to {@code batch} of the oldest tasks ended before {@code retention} ago.
     *
     * @return how many were deleted
     */
    public int deleteEnded(Duration retention, int batch) {
        return jdbc.sql("""
                        delete from tasks where id in (
                            select id from tasks
                            where status in ('completed', 'failed', 'canceled', 'superseded')
                                and updated_at < now() - make_interval(secs => :secs)
                            order by updated_at limit :batch
                            for update skip locked)""")
                .param("secs", LifecycleSql.seconds(retention))
                .param("batch", batch)
                .update();
    }
}
