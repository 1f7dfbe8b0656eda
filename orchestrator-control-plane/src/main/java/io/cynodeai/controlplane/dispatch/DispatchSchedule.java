package io.cynodeai.controlplane.dispatch;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The dispatcher's upkeep, every period from {@link DispatchSettings}. */
@Configuration(proxyBeanMethods = false)
class DispatchSchedule implements SchedulingConfigurer {
    private final Placement placement;
    private final LeaseKeeper leases;
    private final CancelForwarder cancels;
    private final DispatchSettings settings;

    DispatchSchedule(Placement placement, LeaseKeeper leases, CancelForwarder cancels, DispatchSettings settings) {
        this.placement = placement;
        this.leases = leases;
        this.cancels = cancels;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(placement::refresh, settings.targetsEvery());
        tasks.addFixedDelayTask(leases::renew, settings.renewEvery());
        tasks.addFixedDelayTask(leases::expire, settings.sweepEvery());
        tasks.addFixedDelayTask(cancels::forward, settings.cancelEvery());
    }
}
