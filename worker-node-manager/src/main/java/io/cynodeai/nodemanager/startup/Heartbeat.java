package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Tells the orchestrator the node is there, every {@code updates.heartbeat_seconds} (nodes.md §2):
 * its last capability report again, at the report URL, saying whether it is draining. A node
 * whose heartbeats stop is unreachable after three, and gets no new job. An orchestrator that
 * does not answer is said once per outage in the log, not every beat.
 */
@Component
class Heartbeat implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final OrchestratorClient client;
    private final Upkeep upkeep;
    private final Duration every;
    private volatile boolean draining;
    private volatile boolean stopping;
    private boolean failing;
    private Thread loop;

    Heartbeat(OrchestratorClient client, Upkeep upkeep, NodeHome home) {
        this.client = client;
        this.upkeep = upkeep;
        this.every = Duration.ofSeconds(home.yaml().updates().heartbeatSeconds());
    }

    void start() {
        loop = Thread.ofPlatform().name("node-heartbeat").daemon().start(this::loop);
    }

    /** From now on every beat says the node is draining; this one at once. */
    void draining() throws IOException {
        draining = true;
        beat();
    }

    private void loop() {
        while (!stopping) {
            try {
                Thread.sleep(every);
                beat();
                if (failing) {
                    log.info("the orchestrator answers the node's heartbeat again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    log.warn("heartbeat not delivered ({}); the node goes on trying", e.getMessage());
                    failing = true;
                }
            }
        }
    }

    private void beat() throws IOException {
        NodeCapabilityReport last = upkeep.lastReport();
        if (last != null) {
            client.reportCapability(last.now(Instant.now(), draining ? NodeCapabilityReport.State.DRAINING : null));
        }
    }

    @Override
    public void destroy() {
        stopping = true;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
