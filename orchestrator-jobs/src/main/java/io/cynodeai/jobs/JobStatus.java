package io.cynodeai.jobs;

import java.util.Locale;

/**
 * A job's status, as stored (the {@code jobs_status_known} constraint). The transitions between
 * them are the methods of {@link JobLifecycle}, and only those.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    /** The Worker API reported that the job ran out of time (tasks.md §3). */
    TIMEOUT,
    CANCELED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
