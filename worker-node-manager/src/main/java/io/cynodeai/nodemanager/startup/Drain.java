package io.cynodeai.nodemanager.startup;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A node stopped with SIGTERM drains first (nodes.md §2): it tells the orchestrator it is
 * draining (so no control plane claims a job for it), gives the claims already on their way a
 * moment to arrive, then stops worker-api gracefully, which finishes the jobs it runs within
 * {@code shutdown.drain_timeout_seconds} and stops the rest (their leases run out, and another
 * node runs them). Not when the node stops because its identity was refused: it has no jobs left.
 */
@Component
class Drain implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    /** How long claims made before the drain was recorded have to reach worker-api. */
    private static final Duration IN_TRANSIT = Duration.ofMillis(500);

    private final Heartbeat heartbeat;
    private final LocalServices services;
    private final NodeExit exit;
    private final Duration timeout;
    private volatile boolean running;

    Drain(Heartbeat heartbeat, LocalServices services, NodeExit exit, NodeHome home) {
        this.heartbeat = heartbeat;
        this.services = services;
        this.exit = exit;
        this.timeout = Duration.ofSeconds(home.yaml().shutdown().drainTimeoutSeconds());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (exit.exiting() || !services.workerStarted()) {
            return;
        }
        log.info("draining: no new jobs; running jobs have {} s to finish", timeout.toSeconds());
        try {
            heartbeat.draining();
            Thread.sleep(IN_TRANSIT);
        } catch (IOException e) {
            log.warn("the orchestrator was not told the node is draining ({})", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.stopWorker(timeout);
        log.info("drained");
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
