package io.cynodeai.controlplane.retention;

import io.cynodeai.jobs.TaskRetention;
import io.cynodeai.jobs.TasksSettings;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.FilesSettings;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes ended tasks past {@code cynode.tasks.retention} (with their jobs, events and files), and
 * then the blobs nothing names any more. Every control plane may run it: a task is deleted by one
 * of them ({@code skip locked}), and deleting a blob twice is no error.
 */
@Configuration(proxyBeanMethods = false)
class RetentionSchedule implements SchedulingConfigurer {
    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);
    private static final int BATCH = 500;

    private final TaskRetention retention;
    private final TasksSettings tasks;
    private final Blobs blobs;
    private final Duration every;

    RetentionSchedule(TaskRetention retention, TasksSettings tasks, FilesSettings files, Blobs blobs) {
        this.retention = retention;
        this.tasks = tasks;
        this.blobs = blobs;
        this.every = files.sweepEvery();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweep, every);
    }

    void sweep() {
        try {
            int tasksDeleted = 0;
            if (!tasks.retention().isZero()) {
                int n;
                while ((n = retention.deleteEnded(tasks.retention(), BATCH)) > 0) {
                    tasksDeleted += n;
                    if (n < BATCH) {
                        break;
                    }
                }
            }
            int blobsDeleted = 0;
            int n;
            while ((n = blobs.sweep(BATCH)) > 0) {
                blobsDeleted += n;
                if (n < BATCH) {
                    break;
                }
            }
            if (tasksDeleted + blobsDeleted > 0) {
                log.info("retention: deleted {} ended task(s) and {} file(s)", tasksDeleted, blobsDeleted);
            }
        } catch (RuntimeException e) {
            log.warn("retention sweep failed (tried again in {}): {}", every, e.getMessage());
        }
    }
}
