package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.nodemanager.capability.CapabilityCollector;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps a running node current, every poll interval: registers again before its JWT expires (or
 * when it is refused), reports changed capabilities, applies new configuration versions, and
 * keeps the inference container's model loaded.
 */
@Component
class Upkeep implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(Upkeep.class);

    private final NodeHome home;
    private final OrchestratorClient client;
    private final Registration registration;
    private final ConfigApplier configs;
    private final LocalServices services;
    private final NodeExit exit;
    private volatile String lastCapabilityHash;
    private volatile NodeCapabilityReport lastReport;
    private volatile boolean stopping;
    private Thread loop;

    Upkeep(
            NodeHome home,
            OrchestratorClient client,
            Registration registration,
            ConfigApplier configs,
            LocalServices services,
            NodeExit exit) {
        this.exit = exit;
        this.home = home;
        this.client = client;
        this.registration = registration;
        this.configs = configs;
        this.services = services;
    }

    /** Starts the loop; {@code reported} is what the orchestrator has. */
    void start(NodeCapabilityReport reported) {
        lastCapabilityHash = reported.capabilityHash();
        lastReport = reported;
        try {
            reportCapabilityIfChanged(); // the models pulled at start, before the first round
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "capabilities not reported yet ({}); the next round tries again",
                    e.getClass().getSimpleName());
        }
        loop = Thread.ofPlatform().name("node-upkeep").start(this::loop);
    }

    private void loop() {
        while (!stopping) {
            try {
                Thread.sleep(configs.pollInterval());
                once();
            } catch (InterruptedException e) {
                return;
            } catch (Registration.IdentityRefused e) {
                stopping = true;
                exit.identityRefused(e);
                return;
            }
        }
    }

    /**
     * One round of upkeep; a failure is logged and the next round tries again.
     *
     * @throws Registration.IdentityRefused when the orchestrator no longer accepts the node
     */
    void once() throws InterruptedException {
        try {
            if (registration.renewalDue()) {
                registerAgain();
            }
            reportCapabilityIfChanged();
            if (configs.dynamicAllowed()) {
                configs.update(client.fetchConfig(), services);
            }
            services.keepInferenceAlive();
        } catch (OrchestratorClient.Refused e) {
            if (e.status() == 401) {
                registerAgain();
            } else {
                log.warn("orchestrator call failed: {}", e.getMessage());
            }
        } catch (Registration.IdentityRefused e) {
            throw e; // not a passing failure: the node must stop
        } catch (IOException | RuntimeException e) {
            log.warn("orchestrator not reachable ({}); will retry", e.getClass().getSimpleName());
        }
    }

    private void registerAgain() {
        registration
                .again(CapabilityCollector.collect(home.yaml(), home.stateDir(), services.inferenceModels()))
                .ifPresent(h -> lastCapabilityHash = h);
    }

    /** Reports the node's capabilities (with its models) when they differ from what the orchestrator has. */
    void reportCapabilityIfChanged() throws IOException {
        NodeCapabilityReport now =
                CapabilityCollector.collect(home.yaml(), home.stateDir(), services.inferenceModels());
        lastReport = now;
        if (!now.capabilityHash().equals(lastCapabilityHash)) {
            client.reportCapability(now);
            lastCapabilityHash = now.capabilityHash();
            log.info("capabilities changed; reported {}", now.capabilityHash());
        }
    }

    /** The node's capabilities as last collected: what a heartbeat repeats. */
    NodeCapabilityReport lastReport() {
        return lastReport;
    }

    @Override
    public void destroy() {
        stopping = true;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
