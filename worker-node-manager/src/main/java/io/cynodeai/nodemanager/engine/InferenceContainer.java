package io.cynodeai.nodemanager.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
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
 * configuration names, with every GPU passed through when the node has any, and waited for on its
 * health endpoint. Restarted when it dies; removed on shutdown.
 *
 * <p>Locked down like a sandbox where a model server allows: no capabilities, no new privileges,
 * a read-only root with a small {@code /tmp} and its models in a volume of their own, a PID
 * limit. By default it has no route off the host: it sits alone on an internal engine network of
 * its node ({@link #NETWORK_PREFIX} and the slug) at a fixed address the node reaches it on (sandboxes, each in a network
 * namespace of its own, cannot). A node whose YAML sets {@code inference.internet: true} (to let
 * Ollama pull models) gets the engine's default network instead, the port published on loopback.
 */
public final class InferenceContainer implements AutoCloseable {
    static final String NAME_PREFIX = "cynode-inference-";
    public static final int OLLAMA_PORT = 11434;
    /** The internal network a node's inference container is alone on (no route off the host), by node slug. */
    static final String NETWORK_PREFIX = "cynode-inference-";
    /** Where models live in Ollama's image; a volume, since the root is read-only. */
    static final String MODELS_DIR = "/root/.ollama";

    static final long PIDS = 4096;
    private static final Logger log = LoggerFactory.getLogger(InferenceContainer.class);

    private final DockerClient docker;
    private final String name;
    private final String network;
    private final boolean gpus;
    private final boolean internet;
    private InferenceBackend running;
    private String address;

    public InferenceContainer(String dockerHost, String nodeSlug, boolean gpus, boolean internet) {
        this.docker = DockerEngines.client(dockerHost, 4);
        this.name = NAME_PREFIX + nodeSlug;
        this.network = NETWORK_PREFIX + nodeSlug;
        this.gpus = gpus;
        this.internet = internet;
    }

    /**
     * Where the node will reach the model server: the loopback port with internet, else the
     * container's fixed address on the internal network (made here if missing), known before the
     * container runs so worker-api can be told first.
     */
    public synchronized String prepare(InferenceBackend backend) {
        if (internet) {
            return "http://127.0.0.1:" + (backend.port() == null ? OLLAMA_PORT : backend.port());
        }
        Network internal = docker.listNetworksCmd().withNameFilter(network).exec().stream()
                .filter(n -> network.equals(n.getName()))
                .findFirst()
                .orElseGet(() -> docker.inspectNetworkCmd()
                        .withNetworkId(docker.createNetworkCmd()
                                .withName(network)
                                .withInternal(true)
                                .withLabels(Map.of("io.cynode.managed", "true"))
                                .exec()
                                .getId())
                        .exec());
        address = containerAddress(internal.getIpam().getConfig().getFirst().getSubnet());
        return "http://" + address + ":" + OLLAMA_PORT;
    }

    /** The subnet's second host address ({@code 10.89.1.0/24} → {@code 10.89.1.2}; the first is the host's end). */
    static String containerAddress(String subnet) {
        String[] net = subnet.split("/")[0].split("\\.");
        return net[0] + "." + net[1] + "." + net[2] + "." + (Integer.parseInt(net[3]) + 2);
    }

    /** Starts (or replaces) the container and waits until its health endpoint answers. */
    public synchronized void start(InferenceBackend backend, Duration wait) throws IOException, InterruptedException {
        remove();
        // Ollama listens on 11434 inside its container; the configured port is where the node reaches it.
        int port = backend.port() == null ? OLLAMA_PORT : backend.port();
        ExposedPort exposed = ExposedPort.tcp(OLLAMA_PORT);
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=256m"))
                .withBinds(new Bind(name + "-models", new Volume(MODELS_DIR)))
                .withPidsLimit(PIDS);
        if (internet) {
            Ports ports = new Ports();
            ports.bind(exposed, Ports.Binding.bindIpAndPort("127.0.0.1", port));
            host.withPortBindings(ports);
        } else {
            if (address == null) {
                prepare(backend);
            }
            host.withNetworkMode(network);
        }
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
            var create = docker.createContainerCmd(backend.image())
                    .withName(name)
                    .withEnv(env)
                    .withExposedPorts(exposed)
                    .withLabels(Map.of("io.cynode.inference", "true"))
                    .withHostConfig(host);
            if (!internet) {
                create.withIpv4Address(address);
            }
            create.exec();
            docker.startContainerCmd(name).exec();
            Instant deadline = Instant.now().plus(wait);
            while (Instant.now().isBefore(deadline)) {
                String url = internet ? "http://127.0.0.1:" + port : "http://" + address + ":" + OLLAMA_PORT;
                if (HealthProbe.ok(url + "/")) {
                    running = backend;
                    log.info("inference container {} is up on {}", backend.image(), url);
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
