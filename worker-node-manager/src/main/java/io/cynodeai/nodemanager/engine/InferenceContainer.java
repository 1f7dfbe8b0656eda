package io.cynodeai.nodemanager.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import io.cynodeai.contracts.node.NodeConfigurationPayload.InferenceBackend;
import io.cynodeai.engine.DockerEngines;
import io.cynodeai.nodemanager.supervisor.HealthProbe;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one inference container (Ollama by default), started from the image the
 * configuration names, with every GPU passed through when the node has any, published on
 * loopback, and waited for on its health endpoint. Restarted when it dies; removed on shutdown.
 */
public final class InferenceContainer implements AutoCloseable {
    static final String NAME_PREFIX = "cynode-inference-";
    public static final int OLLAMA_PORT = 11434;
    private static final Logger log = LoggerFactory.getLogger(InferenceContainer.class);

    private final DockerClient docker;
    private final String name;
    private final boolean gpus;
    private InferenceBackend running;

    public InferenceContainer(String dockerHost, String nodeSlug, boolean gpus) {
        this.docker = DockerEngines.client(dockerHost, 4);
        this.name = NAME_PREFIX + nodeSlug;
        this.gpus = gpus;
    }

    /** Starts (or replaces) the container and waits until its health endpoint answers. */
    public synchronized void start(InferenceBackend backend, Duration wait) throws IOException, InterruptedException {
        remove();
        // Ollama listens on 11434 inside its container; the configured port is where the node reaches it.
        int port = backend.port() == null ? OLLAMA_PORT : backend.port();
        ExposedPort exposed = ExposedPort.tcp(OLLAMA_PORT);
        Ports ports = new Ports();
        ports.bind(exposed, Ports.Binding.bindIpAndPort("127.0.0.1", port));
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(ports)
                .withCapDrop(com.github.dockerjava.api.model.Capability.NET_RAW);
        if (gpus) {
            host.withDeviceRequests(
                    List.of(new DeviceRequest().withCount(-1).withCapabilities(List.of(List.of("gpu")))));
        }
        List<String> env = new ArrayList<>();
        if (backend.env() != null) {
            backend.env().forEach((k, v) -> env.add(k + "=" + v));
        }
        try {
            docker.inspectImageCmd(backend.image()).exec();
        } catch (NotFoundException e) {
            throw new IOException("inference image " + backend.image()
                    + " is not on this node and registries are not used to fetch it");
        }
        try {
            docker.createContainerCmd(backend.image())
                    .withName(name)
                    .withEnv(env)
                    .withExposedPorts(exposed)
                    .withLabels(Map.of("io.cynode.inference", "true"))
                    .withHostConfig(host)
                    .exec();
            docker.startContainerCmd(name).exec();
            Instant deadline = Instant.now().plus(wait);
            while (Instant.now().isBefore(deadline)) {
                if (healthy(port)) {
                    running = backend;
                    log.info("inference container {} is up on 127.0.0.1:{}", backend.image(), port);
                    return;
                }
                Thread.sleep(200);
            }
            remove();
        } catch (RuntimeException e) {
            remove();
            throw new IOException("inference container " + backend.image() + " could not start: " + e.getMessage());
        }
        throw new IOException("inference container " + backend.image() + " did not answer on port " + port);
    }

    /** Restarts the container when it is no longer running (called periodically). */
    public synchronized void keepAlive() {
        if (running == null) {
            return;
        }
        try {
            Boolean alive = docker.inspectContainerCmd(name).exec().getState().getRunning();
            if (Boolean.TRUE.equals(alive)) {
                return;
            }
        } catch (NotFoundException e) {
            // gone: start again below
        }
        log.warn("inference container died; starting it again");
        try {
            start(running, Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            log.warn("could not restart the inference container: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean healthy(int port) {
        return HealthProbe.ok("http://127.0.0.1:" + port + "/");
    }

    private void remove() {
        try {
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException ignored) {
            // nothing to remove
        }
    }

    @Override
    public synchronized void close() {
        running = null;
        try {
            remove();
        } catch (RuntimeException e) {
            log.warn("could not remove the inference container: {}", e.getMessage());
        }
    }
}
