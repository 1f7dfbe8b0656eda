package io.cynodeai.workerapi.sandbox;

import io.cynodeai.workerapi.policy.NodePolicy;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The sandboxes' upkeep, every period from the node's settings. */
@Configuration(proxyBeanMethods = false)
class SandboxSchedule implements SchedulingConfigurer {
    private final Sandboxes sandboxes;
    private final NodePolicy policy;

    SandboxSchedule(Sandboxes sandboxes, NodePolicy policy) {
        this.sandboxes = sandboxes;
        this.policy = policy;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(sandboxes::removeIdleWorkspaces, policy.local().workspaceSweepEvery());
    }
}
