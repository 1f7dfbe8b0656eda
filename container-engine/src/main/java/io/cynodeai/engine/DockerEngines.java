package io.cynodeai.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container engine's address and a docker-java client for it: the one factory worker-api and
 * the node manager share.
 */
public final class DockerEngines {
    private static final String DEFAULT = "unix:///var/run/docker.sock";

    private DockerEngines() {}

    /**
     * The engine addresses to try, in order: {@code DOCKER_HOST}, then {@code preferred} (a node's
     * own socket), then rootless Podman, rootful Podman, Docker.
     */
    public static List<String> candidates(Map<String, String> env, List<String> preferred) {
        List<String> out = new ArrayList<>();
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            out.add(dockerHost);
        }
        out.addAll(preferred);
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank()) {
            out.add("unix://" + xdg + "/podman/podman.sock");
        }
        out.add("unix:///run/podman/podman.sock");
        out.add(DEFAULT);
        return out;
    }

    /** {@code DOCKER_HOST}, else the first usual socket that exists (the Docker default when none does). */
    public static String discoverHost() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return dockerHost;
        }
        return candidates(System.getenv(), List.of()).stream()
                .filter(DockerEngines::socketExists)
                .findFirst()
                .orElse(DEFAULT);
    }

    /** A client of the engine at {@code host}, with up to {@code maxConnections} at once. */
    public static DockerClient client(String host, int maxConnections) {
        return client(host, maxConnections, Duration.ofSeconds(5), null);
    }

    private static DockerClient client(String host, int maxConnections, Duration connect, Duration response) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host)
                .build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(maxConnections)
                .connectionTimeout(connect);
        if (response != null) {
            http.responseTimeout(response);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    /** Whether the engine at {@code host} answers its ping within a second or two. */
    public static boolean answers(String host) {
        if (!socketExists(host)) {
            return false;
        }
        try (DockerClient docker = client(host, 1, Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            docker.pingCmd().exec();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Why the engine at {@code host} cannot be used, or empty when it answers. */
    public static Optional<String> unavailable(DockerClient docker, String host) {
        try {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the container runtime at " + host + " does not answer");
        }
    }

    /** A {@code unix://} address whose socket file exists, or any other address (not checked here). */
    static boolean socketExists(String host) {
        return !host.startsWith("unix://") || Files.exists(Path.of(host.substring("unix://".length())));
    }
}
