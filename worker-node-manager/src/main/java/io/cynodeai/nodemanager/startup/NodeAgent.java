package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.nodemanager.capability.CapabilityCollector;
import io.cynodeai.nodemanager.engine.EngineService;
import io.cynodeai.nodemanager.engine.InferenceContainer;
import io.cynodeai.nodemanager.nodeyaml.NodeYaml;
import io.cynodeai.nodemanager.nodeyaml.NodeYamlLoader;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import io.cynodeai.nodemanager.securestore.SecureStore;
import io.cynodeai.nodemanager.supervisor.WorkerSupervisor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Brings the node up in the order of phase 1 section 4 — YAML, capabilities, registration with
 * the PSK, configuration from the bootstrap's {@code node_config_url}, secrets to the secure
 * store, engine, worker-api, inference container, acknowledgement — then keeps it current:
 * polls its configuration, re-sends changed capabilities, re-registers before its JWT expires.
 */
@Component
class NodeAgent implements ApplicationRunner, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final String configuredPath;
    private final String workerApiJar;
    private final Duration tokenGrace;
    private NodeYaml yaml;
    private Path stateDir;
    private OrchestratorClient client;
    private SecureStore store;
    private EngineService engine;
    private WorkerSupervisor worker;
    private InferenceContainer inference;
    private NodeConfigurationPayload applied;
    private String lastCapabilityHash;
    private volatile boolean stopping;
    private Thread loop;

    NodeAgent(
            @Value("${cynode.node.config:${CYNODE_NODE_CONFIG:/etc/cynode/node.yaml}}") String configuredPath,
            @Value("${cynode.node.worker-api-jar:${CYNODE_WORKER_API_JAR:}}") String workerApiJar,
            @Value("${cynode.node.token-grace:60s}") Duration tokenGrace) {
        this.configuredPath = configuredPath;
        this.workerApiJar = workerApiJar;
        this.tokenGrace = tokenGrace;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String path =
                args.containsOption("config") ? args.getOptionValues("config").getFirst() : configuredPath;
        var loaded = NodeYamlLoader.load(Path.of(path));
        loaded.unknownKeys().forEach(k -> log.warn("node YAML: unknown key '{}' is ignored", k));
        yaml = loaded.yaml();
        stateDir = Path.of(yaml.storage().stateDir()).toAbsolutePath();
        Files.createDirectories(stateDir.resolve("logs"));
        store = new SecureStore(stateDir, tokenGrace);
        client = new OrchestratorClient(
                yaml.orchestrator().url(),
                Duration.ofSeconds(yaml.orchestrator().timeouts().connectSeconds()),
                Duration.ofSeconds(yaml.orchestrator().timeouts().requestSeconds()));

        NodeCapabilityReport capability = CapabilityCollector.collect(yaml, stateDir);
        register(capability);
        NodeConfigurationPayload config = fetchValidConfig();
        try {
            store.apply(config);
            engine = new EngineService(stateDir, stateDir.resolve("logs").resolve("podman-service.log"));
            String dockerHost;
            try {
                dockerHost = engine.ensure(Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new IOException((yaml.inference().required()
                                ? "inference.mode is 'require' but no container runtime answers: "
                                : "no container runtime answers: ")
                        + e.getMessage());
            }
            String jar = WorkerLaunch.jar(workerApiJar);
            worker = new WorkerSupervisor(
                    WorkerLaunch.command(jar, yaml, store, stateDir, dockerHost, System.getenv("WORKER_API_JAVA_OPTS")),
                    WorkerLaunch.environment(stateDir),
                    stateDir.resolve("logs").resolve("worker-api.log"),
                    "http://" + loopback(yaml.workerApi().listenHost()) + ":"
                            + yaml.workerApi().listenPort() + "/readyz");
            worker.start(Duration.ofSeconds(90));
            startInference(config, dockerHost, capability);
        } catch (IOException | RuntimeException e) {
            ackQuietly(config, NodeConfigAck.FAILED, e.getMessage());
            throw new NodeStartupFailed("the node could not apply its configuration", e);
        }
        client.ack(ack(config, NodeConfigAck.APPLIED, null));
        applied = config;
        lastCapabilityHash = capability.capabilityHash();
        log.info(
                "node {} is up: configuration version {} applied, worker-api on {}",
                yaml.node().id(),
                config.configVersion(),
                yaml.workerApi().publicBaseUrl());
        loop = Thread.ofPlatform().name("node-agent").start(this::keepCurrent);
    }

    private void register(NodeCapabilityReport capability) throws InterruptedException {
        String psk = psk();
        Duration backoff = Duration.ofSeconds(1);
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            try {
                NodeBootstrapPayload b = client.register(psk, capability);
                log.info(
                        "registered with the orchestrator at {}; configuration from {}",
                        b.orchestrator().baseUrl(),
                        b.orchestrator().endpoints().nodeConfigUrl());
                return;
            } catch (OrchestratorClient.Refused e) {
                if (e.status() == 401 || e.status() == 400) {
                    throw new NodeStartupFailed("the orchestrator refused the registration", e);
                }
                log.warn("registration failed ({}); retrying in {} s", e.getMessage(), backoff.toSeconds());
            } catch (IOException e) {
                log.warn(
                        "orchestrator not reachable at {} ({}); retrying in {} s",
                        yaml.orchestrator().url(),
                        e.getClass().getSimpleName(),
                        backoff.toSeconds());
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new NodeStartupFailed(
                        "the orchestrator at " + yaml.orchestrator().url() + " did not accept the registration");
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(15)) > 0
                    ? Duration.ofSeconds(15)
                    : backoff.multipliedBy(2);
        }
    }

    private NodeConfigurationPayload fetchValidConfig() throws IOException, InterruptedException {
        NodeConfigurationPayload config = client.fetchConfig();
        if (!yaml.node().id().equals(config.nodeSlug())) {
            throw new NodeStartupFailed("the configuration is for node '" + config.nodeSlug() + "', not this node");
        }
        return config;
    }

    private void startInference(NodeConfigurationPayload config, String dockerHost, NodeCapabilityReport capability)
            throws IOException, InterruptedException {
        var backend = config.inferenceBackend();
        boolean offered = backend != null && Boolean.TRUE.equals(backend.enabled()) && backend.image() != null;
        if (!yaml.inferenceAllowed()) {
            return;
        }
        if (!offered) {
            if (yaml.inference().required()) {
                throw new IOException("inference.mode is 'require' but the orchestrator configured no inference backend"
                        + " for this node");
            }
            return;
        }
        boolean gpus =
                capability.gpu() != null && Boolean.TRUE.equals(capability.gpu().present());
        inference = new InferenceContainer(dockerHost, yaml.node().id(), gpus);
        try {
            inference.start(backend, Duration.ofSeconds(120));
        } catch (IOException | RuntimeException e) {
            if (yaml.inference().required()) {
                throw new IOException(
                        "inference.mode is 'require' but the inference container cannot run: " + e.getMessage());
            }
            log.warn("inference container not started (inference.mode allows running without it): {}", e.getMessage());
            inference.close();
            inference = null;
        }
    }

    /** The background loop: configuration updates, capability changes, JWT renewal. */
    private void keepCurrent() {
        Duration poll = Duration.ofSeconds(pollSeconds());
        while (!stopping) {
            try {
                Thread.sleep(poll.toMillis());
                renewRegistrationIfDue();
                reportCapabilityIfChanged();
                if (Boolean.TRUE.equals(yaml.updates().enableDynamicConfig()) && dynamicAllowed()) {
                    applyUpdate(client.fetchConfig());
                }
                if (inference != null) {
                    inference.keepAlive();
                }
                poll = Duration.ofSeconds(pollSeconds());
            } catch (InterruptedException e) {
                return;
            } catch (OrchestratorClient.Refused e) {
                if (e.status() == 401) {
                    reRegister();
                } else {
                    log.warn("orchestrator call failed: {}", e.getMessage());
                }
            } catch (IOException | RuntimeException e) {
                log.warn(
                        "orchestrator not reachable ({}); will retry",
                        e.getClass().getSimpleName());
            }
        }
    }

    private boolean dynamicAllowed() {
        var updates = applied.policy() == null ? null : applied.policy().updates();
        return updates == null || !Boolean.FALSE.equals(updates.enableDynamicConfig());
    }

    private int pollSeconds() {
        var updates = applied.policy() == null ? null : applied.policy().updates();
        Integer remote = updates == null ? null : updates.pollIntervalSeconds();
        int local = yaml.updates().pollIntervalSeconds();
        return remote == null ? local : Math.min(local, remote);
    }

    /** Applies a new configuration version atomically; rolls back and says so on failure. */
    void applyUpdate(NodeConfigurationPayload next) throws IOException, InterruptedException {
        if (Objects.equals(next.configVersion(), applied.configVersion())) {
            return;
        }
        if (!yaml.node().id().equals(next.nodeSlug())) {
            client.ack(ack(next, NodeConfigAck.FAILED, "the configuration is for another node"));
            return;
        }
        SecureStore.Snapshot before = store.snapshot();
        try {
            store.apply(next);
            if (!worker.ready()) {
                worker.awaitReady(Duration.ofSeconds(30));
            }
            client.ack(ack(next, NodeConfigAck.APPLIED, null));
            applied = next;
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

    private void renewRegistrationIfDue() {
        var auth = client.bootstrap().auth();
        Instant issued = client.bootstrap().issuedAt();
        Duration life = Duration.between(issued, auth.expiresAt());
        if (Instant.now().isAfter(auth.expiresAt().minus(life.dividedBy(5)))) {
            reRegister();
        }
    }

    private void reRegister() {
        try {
            NodeCapabilityReport capability = CapabilityCollector.collect(yaml, stateDir);
            client.register(psk(), capability);
            lastCapabilityHash = capability.capabilityHash();
            log.info("registered again with the orchestrator");
        } catch (IOException | RuntimeException e) {
            log.warn("re-registration failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reportCapabilityIfChanged() throws IOException, InterruptedException {
        NodeCapabilityReport now = CapabilityCollector.collect(yaml, stateDir);
        if (!now.capabilityHash().equals(lastCapabilityHash)) {
            client.reportCapability(now);
            lastCapabilityHash = now.capabilityHash();
            log.info("capabilities changed; reported {}", now.capabilityHash());
        }
    }

    private NodeConfigAck ack(NodeConfigurationPayload config, String status, String error) {
        return new NodeConfigAck(
                1,
                yaml.node().id(),
                config.configVersion(),
                Instant.now(),
                status,
                error == null ? null : new NodeConfigAck.Error("apply_failed", error, null),
                effectiveHash(config));
    }

    private void ackQuietly(NodeConfigurationPayload config, String status, String error) {
        try {
            client.ack(ack(config, status, error));
        } catch (IOException | RuntimeException e) {
            log.warn("could not send the '{}' acknowledgement: {}", status, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** sha256 over the configuration without its secret, plus the local limits that tighten it. */
    private String effectiveHash(NodeConfigurationPayload config) {
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
        String canonical = Json.write(Map.of("config", withoutSecret, "local", yaml.sandbox()));
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String psk() {
        var o = yaml.orchestrator();
        try {
            if (o.registrationPskFile() != null) {
                return Files.readString(Path.of(o.registrationPskFile())).strip();
            }
        } catch (IOException e) {
            throw new NodeStartupFailed(
                    "cannot read the registration PSK file named by orchestrator.registration_psk_file");
        }
        String value = System.getenv(o.registrationPskEnv());
        if (value == null || value.isBlank()) {
            throw new NodeStartupFailed("the registration PSK is not set: environment variable "
                    + o.registrationPskEnv() + " is empty (orchestrator.registration_psk_env)");
        }
        return value;
    }

    private static String loopback(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    }

    /** SIGTERM: stop worker-api, the inference container and the podman service this node started. */
    @Override
    public void destroy() {
        stopping = true;
        if (loop != null) {
            loop.interrupt();
        }
        if (worker != null) {
            worker.close();
        }
        if (inference != null) {
            inference.close();
        }
        if (engine != null) {
            engine.close();
        }
        log.info("node stopped");
    }
}
