package io.cynodeai.controlplane.dispatch;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.Claimed;
import io.cynodeai.jobs.JobLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Claims queued jobs while some node has room and hands each to a {@link JobAttempt}: on a
 * thread of its own between wake-ups, and at once on the notification thread when no round runs
 * (saving a thread hand-over on the pick-up path). One round at a time in this process.
 */
@Component
class DispatchLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

    private final JobLifecycle lifecycle;
    private final Placement placement;
    private final InFlight inFlight;
    private final JobAttempt attempt;
    private final PromptAttempt prompts;
    private final JobWakeups wakeups;
    private final DispatchCalls calls;
    private final DispatchSettings settings;
    private final Timer pickup;
    private final ReentrantLock round = new ReentrantLock();
    private volatile boolean running;
    /** Set at shutdown: a round in progress claims no more. */
    private volatile boolean stopped;

    private Thread loop;

    DispatchLoop(
            JobLifecycle lifecycle,
            Placement placement,
            InFlight inFlight,
            JobAttempt attempt,
            PromptAttempt prompts,
            JobWakeups wakeups,
            DispatchCalls calls,
            DispatchSettings settings,
            MeterRegistry meters) {
        this.lifecycle = lifecycle;
        this.placement = placement;
        this.inFlight = inFlight;
        this.attempt = attempt;
        this.prompts = prompts;
        this.wakeups = wakeups;
        this.calls = calls;
        this.settings = settings;
        this.pickup = Timer.builder("cynode.dispatch.pickup")
                .description("time from the commit that queued a job to its claim")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        wakeups.onNotification(this::dispatchNow);
        loop = Thread.ofPlatform().name("dispatcher").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        stopped = true;
        if (loop != null) {
            loop.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                dispatchAvailable();
                wakeups.await(settings.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("dispatch round failed, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(settings.poll());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims jobs while some dispatchable node has room (one round at a time). */
    void dispatchAvailable() {
        round.lock();
        try {
            claimWhileRoom();
        } finally {
            round.unlock();
        }
    }

    /** On the notification thread: a round at once, unless one runs; then that one goes once more. */
    private void dispatchNow() {
        if (!round.tryLock()) {
            wakeups.signal();
            return;
        }
        try {
            claimWhileRoom();
        } catch (RuntimeException e) {
            wakeups.signal();
        } finally {
            round.unlock();
        }
    }

    private void claimWhileRoom() {
        claimSandboxJobs();
        claimPrompts();
    }

    /** Prompt jobs while this process has room for more model requests. */
    private void claimPrompts() {
        while (!stopped) {
            int room = settings.maxPrompts() - inFlight.load(InFlight.PROMPTS);
            if (room <= 0) {
                return;
            }
            List<Claim> claims = lifecycle.claimPrompts(settings.lease(), Math.min(room, Placement.MAX_BATCH));
            for (Claim claim : claims) {
                pickup.record(Duration.between(claim.queuedAt(), claim.claimedAt()));
                InFlight.Call call = inFlight.begin(null, claim);
                calls.executor().submit(() -> {
                    try {
                        prompts.run(call);
                    } finally {
                        if (call.end()) {
                            wakeups.signal();
                        }
                    }
                });
            }
            if (claims.size() < Math.min(room, Placement.MAX_BATCH)) {
                return;
            }
        }
    }

    private void claimSandboxJobs() {
        Placement.Round round = placement.round();
        while (!stopped) {
            Optional<Placement.Pick> pick = round.next();
            if (pick.isEmpty()) {
                return;
            }
            DispatchTarget target = pick.get().target();
            Claimed claimed = lifecycle.claimOn(
                    target.nodeId(), settings.lease(), pick.get().batch());
            round.claimed(pick.get(), claimed);
            for (Claim claim : claimed.claims()) {
                pickup.record(Duration.between(claim.queuedAt(), claim.claimedAt()));
                InFlight.Call call = inFlight.begin(target, claim);
                calls.executor().submit(() -> {
                    try {
                        attempt.run(call);
                    } finally {
                        call.end();
                        placement.ended(target);
                        wakeups.signal();
                    }
                });
            }
        }
    }
}
