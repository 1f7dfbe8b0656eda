package io.cynodeai.workerapi.jobs;

import io.cynodeai.workerapi.policy.NodePolicy;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The job table's upkeep, every period from the node's settings. */
@Configuration(proxyBeanMethods = false)
class JobsSchedule implements SchedulingConfigurer {
    private final Jobs jobs;
    private final NodePolicy policy;

    JobsSchedule(Jobs jobs, NodePolicy policy) {
        this.jobs = jobs;
        this.policy = policy;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(jobs::forgetOldResults, policy.local().resultSweepEvery());
    }
}
