package io.cynodeai.controlplane.dispatch;

import io.cynodeai.jobs.JobLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps this process's leases alive while their calls last, and gives back the jobs whose holder
 * died (any process's: a lease that ran out). Run on the schedule of {@link DispatchSchedule}.
 */
@Component
class LeaseKeeper {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final JobLifecycle lifecycle;
    private final InFlight inFlight;
    private final JobWakeups wakeups;
    private final DispatchSettings settings;

    LeaseKeeper(JobLifecycle lifecycle, InFlight inFlight, JobWakeups wakeups, DispatchSettings settings) {
        this.lifecycle = lifecycle;
        this.inFlight = inFlight;
        this.wakeups = wakeups;
        this.settings = settings;
    }

    void renew() {
        lifecycle.renew(inFlight.leases(), settings.lease(), settings.renewWhileSeenWithin());
    }

    void expire() {
        int n = lifecycle.expire();
        if (n > 0) {
            log.info("{} job(s) whose lease expired are queued again", n);
            wakeups.signal();
        }
    }
}
