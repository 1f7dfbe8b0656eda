package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.NodeCapabilityReport.InferenceModel;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.nodemanager.engine.EngineService;
import io.cynodeai.nodemanager.engine.InferenceContainer;
import io.cynodeai.nodemanager.inference.InferenceModels;
import io.cynodeai.nodemanager.securestore.SecureStore;
import io.cynodeai.nodemanager.supervisor.HealthProbe;
import io.cynodeai.nodemanager.supervisor.WorkerSupervisor;
import io.cynodeai.nodemanager.workertls.WorkerCertificate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * What the node runs on its machine, in order: the container engine, worker-api (supervised), the
 * inference container when offered and allowed; stopped in reverse order with the node.
 */
@Component
class LocalServices implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(LocalServices.class);

    private final NodeHome home;
    private final SecureStore store;
    private final NodeSettings settings;
    private EngineService engine;
    private WorkerSupervisor worker;
    private InferenceContainer inference;
    private volatile InferenceModels models;

    LocalServices(NodeHome home, SecureStore store, NodeSettings settings) {
        this.home = home;
        this.store = store;
        this.settings = settings;
    }

    void start(NodeConfigurationPayload config, NodeCapabilityReport capability)
            throws IOException, InterruptedException {
        var yaml = home.yaml();
        engine = new EngineService(home.stateDir(), home.log("podman-service.log"));
        String dockerHost;
        try {
            dockerHost = engine.ensure(Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new IOException((yaml.inference().required()
                            ? "inference.mode is 'require' but no container runtime answers: "
                            : "no container runtime answers: ")
                    + e.getMessage());
        }
        String jar = WorkerLaunch.jar(settings.workerApiJar());
        var tls = WorkerCertificate.forNode(yaml, home.stateDir());
        String inferenceUrl = prepareInference(config, dockerHost, capability);
        worker = new WorkerSupervisor(
                WorkerLaunch.command(
                        jar,
                        yaml,
                        store,
                        home.stateDir(),
                        dockerHost,
                        System.getenv("WORKER_API_JAVA_OPTS"),
                        inferenceUrl),
                WorkerLaunch.environment(home.stateDir()),
                home.log("worker-api.log"),
                (tls.isPresent() ? "https://" : "http://")
                        + loopback(yaml.workerApi().listenHost()) + ":"
                        + yaml.workerApi().listenPort() + "/readyz",
                tls.map(c -> HealthProbe.pinned(c.sha256())).orElse(HealthProbe.plain()));
        worker.start(Duration.ofSeconds(90));
        startInference(config, inferenceUrl);
    }

    /**
     * The inference container (not started yet) and where it will answer, when this node runs one
     * and the configuration offers one; else null.
     */
    private String prepareInference(NodeConfigurationPayload config, String dockerHost, NodeCapabilityReport capability)
            throws IOException {
        var yaml = home.yaml();
        var backend = config.inferenceBackend();
        boolean offered = backend != null && Boolean.TRUE.equals(backend.enabled()) && backend.image() != null;
        if (!yaml.inferenceAllowed()) {
            return null;
        }
        if (!offered) {
            if (yaml.inference().required()) {
                throw new IOException("inference.mode is 'require' but the orchestrator configured no inference backend"
                        + " for this node");
            }
            return null;
        }
        boolean gpus =
                capability.gpu() != null && Boolean.TRUE.equals(capability.gpu().present());
        inference = new InferenceContainer(
                dockerHost, yaml.node().id(), gpus, yaml.inference().internet());
        try {
            return inference.prepare(backend);
        } catch (RuntimeException e) {
            throw new IOException("cannot prepare the inference container's network: " + e.getMessage(), e);
        }
    }

    private void startInference(NodeConfigurationPayload config, String inferenceUrl)
            throws IOException, InterruptedException {
        var yaml = home.yaml();
        var backend = config.inferenceBackend();
        if (inference == null) {
            return;
        }
        try {
            inference.start(backend, Duration.ofSeconds(120));
            InferenceModels pulled = new InferenceModels(inferenceUrl);
            pulled.pull(
                    backend.selectedModels() == null ? List.of() : backend.selectedModels(), Duration.ofMinutes(30));
            models = pulled;
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

    /** The models the inference container has now (empty without one), for the capability report. */
    List<InferenceModel> inferenceModels() {
        InferenceModels m = models;
        return m == null ? List.of() : m.present();
    }

    /** Waits until worker-api answers ready (it re-reads the secure store's files on its own). */
    void awaitWorkerReady(Duration wait) throws IOException, InterruptedException {
        if (!worker.ready()) {
            worker.awaitReady(wait);
        }
    }

    boolean workerStarted() {
        return worker != null;
    }

    /**
     * Stops worker-api gracefully (SIGTERM: it takes no new request and finishes those it has, its
     * jobs, within its shutdown timeout, {@code drainTimeout}), killing it if it outlives that.
     */
    void stopWorker(Duration drainTimeout) {
        if (worker != null) {
            worker.close(drainTimeout.plusSeconds(10));
        }
    }

    /** Keeps the inference container's model loaded, when one runs. */
    void keepInferenceAlive() {
        if (inference != null) {
            inference.keepAlive();
        }
    }

    private static String loopback(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    }

    /** SIGTERM: stop worker-api, the inference container and the podman service this node started. */
    @Override
    public void destroy() {
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
