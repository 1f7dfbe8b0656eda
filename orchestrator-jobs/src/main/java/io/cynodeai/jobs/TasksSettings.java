package io.cynodeai.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-user limits on tasks (nodes.md §2, fairness); each service's {@code application.yaml} binds
 * them to {@code CYNODE_TASKS_MAX_RUNNING_PER_USER} and {@code CYNODE_TASKS_MAX_QUEUED_PER_USER}.
 *
 * @param maxRunningPerUser a user's jobs running at once at most
 * @param maxQueuedPerUser a user's tasks waiting at most; more are refused with 429
 * @param retention how long an ended task is kept (with its jobs, events and files); 0 = for ever
 */
@ConfigurationProperties("cynode.tasks")
public record TasksSettings(
        @DefaultValue("8") int maxRunningPerUser,
        @DefaultValue("1000") int maxQueuedPerUser,
        @DefaultValue("30d") java.time.Duration retention) {

    JobLifecycle.Limits limits(NodeLiveness liveness) {
        return new JobLifecycle.Limits(maxRunningPerUser, maxQueuedPerUser, liveness.unreachableAfter());
    }
}
