package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import io.cynodeai.nodemanager.securestore.SecureStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The node's configuration: fetched from the bootstrap's URL, written to the secure store,
 * acknowledged; a later version applied without a restart, or rolled back and reported.
 */
@Component
class ConfigApplier {
    private static final Logger log = LoggerFactory.getLogger(ConfigApplier.class);

    private final NodeHome home;
    private final OrchestratorClient client;
    private final SecureStore store;
    private final Clock clock;
    private volatile NodeConfigurationPayload applied;

    ConfigApplier(NodeHome home, OrchestratorClient client, SecureStore store, Clock clock) {
        this.home = home;
        this.client = client;
        this.store = store;
        this.clock = clock;
    }

    /** The current configuration; throws {@link NodeStartupFailed} when it is for another node. */
    NodeConfigurationPayload fetch() throws IOException {
        NodeConfigurationPayload config = client.fetchConfig();
        if (!home.yaml().node().id().equals(config.nodeSlug())) {
            throw new NodeStartupFailed("the configuration is for node '" + config.nodeSlug() + "', not this node");
        }
        return config;
    }

    /** Writes the configuration's secrets and policy where worker-api reads them. */
    void store(NodeConfigurationPayload config) throws IOException {
        store.apply(config);
    }

    /** Acknowledges {@code config} as applied: it is the node's configuration from now on. */
    void applied(NodeConfigurationPayload config) throws IOException {
        client.ack(ack(config, NodeConfigAck.APPLIED, null));
        applied = config;
    }

    /** Acknowledges {@code config} as failed, saying why; a failure to send is only logged. */
    void failed(NodeConfigurationPayload config, String error) {
        ackQuietly(config, NodeConfigAck.FAILED, error);
    }

    NodeConfigurationPayload current() {
        return applied;
    }

    /**
     * Applies a newer version atomically: the store's files are replaced and worker-api must be
     * ready with them; otherwise the old files come back and the version is reported rolled back.
     */
    void update(NodeConfigurationPayload next, LocalServices services) throws IOException, InterruptedException {
        if (Objects.equals(next.configVersion(), applied.configVersion())) {
            return;
        }
        if (!home.yaml().node().id().equals(next.nodeSlug())) {
            client.ack(ack(next, NodeConfigAck.FAILED, "the configuration is for another node"));
            return;
        }
        SecureStore.Snapshot before = store.snapshot();
        try {
            store.apply(next);
            services.awaitWorkerReady(Duration.ofSeconds(30));
            applied(next);
            log.info("configuration version {} applied", next.configVersion());
        } catch (IOException | RuntimeException e) {
            store.restore(before);
            log.warn(
                    "configuration version {} could not be applied; rolled back to {}: {}",
                    next.configVersion(),
                    applied.configVersion(),
                    e.getMessage());
            ackQuietly(next, NodeConfigAck.ROLLED_BACK, e.getMessage());
        }
    }

    /** Whether the orchestrator's policy lets the node take new versions while it runs. */
    boolean dynamicAllowed() {
        var updates = applied.policy() == null ? null : applied.policy().updates();
        return Boolean.TRUE.equals(home.yaml().updates().enableDynamicConfig())
                && (updates == null || !Boolean.FALSE.equals(updates.enableDynamicConfig()));
    }

    /** The shorter of the local and the orchestrator's poll interval. */
    Duration pollInterval() {
        var updates = applied.policy() == null ? null : applied.policy().updates();
        Integer remote = updates == null ? null : updates.pollIntervalSeconds();
        int local = home.yaml().updates().pollIntervalSeconds();
        return Duration.ofSeconds(remote == null ? local : Math.min(local, remote));
    }

    private void ackQuietly(NodeConfigurationPayload config, String status, String error) {
        try {
            client.ack(ack(config, status, error));
        } catch (IOException | RuntimeException e) {
            log.warn("could not send the '{}' acknowledgement: {}", status, e.getMessage());
        }
    }

    private NodeConfigAck ack(NodeConfigurationPayload config, String status, String error) {
        return new NodeConfigAck(
                1,
                home.yaml().node().id(),
                config.configVersion(),
                Instant.now(clock),
                status,
                error == null ? null : new NodeConfigAck.Error("apply_failed", error, null),
                effectiveHash(config));
    }

    /** sha256 over the configuration without its secret, plus the local limits that tighten it. */
    String effectiveHash(NodeConfigurationPayload config) {
        var withoutSecret = new NodeConfigurationPayload(
                config.version(),
                config.configVersion(),
                config.issuedAt(),
                config.nodeSlug(),
                config.orchestrator(),
                config.sandboxRegistry(),
                config.modelCache(),
                config.policy(),
                config.workerApi() == null
                        ? null
                        : new NodeConfigurationPayload.WorkerApi(
                                null, config.workerApi().orchestratorBearerTokenExpiresAt()),
                config.inferenceBackend(),
                config.notes(),
                config.constraints());
        return "sha256:"
                + Sha256.hex(Json.write(
                        Map.of("config", withoutSecret, "local", home.yaml().sandbox())));
    }
}
