package io.cynodeai.nodemanager.engine;

import io.cynodeai.engine.DockerEngines;
import io.cynodeai.nodemanager.supervisor.ChildEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a Docker-compatible engine API answers: {@code DOCKER_HOST} or the usual sockets,
 * else this node starts {@code podman system service} on a socket in its state dir (and stops it
 * on shutdown). The project's {@code containers.conf} (runc, explicit ulimits) is passed through
 * {@code CONTAINERS_CONF} when the environment names one.
 */
public final class EngineService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineService.class);
    private static final int DEFAULT_NICE = 10;

    private final Path stateDir;
    private final Path logFile;
    private Process podman;

    public EngineService(Path stateDir, Path logFile) {
        this.stateDir = stateDir;
        this.logFile = logFile;
    }

    /** The engine's {@code unix://} address once it answers. */
    public String ensure(Duration wait) throws IOException, InterruptedException {
        for (String candidate : candidates()) {
            if (answers(candidate)) {
                return candidate;
            }
        }
        Path sock = stateDir.resolve("run").resolve("podman.sock");
        Files.createDirectories(sock.getParent());
        Files.deleteIfExists(sock);
        ProcessBuilder pb = new ProcessBuilder(serviceCommand(sock, System.getenv("CYNODE_ENGINE_NICE")))
                // conmon runs in the engine's working directory and leaves a file named "oom" there
                // when a sandbox is OOM-killed: keep it in the state dir.
                .directory(sock.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        podman = ChildEnvironment.apply(pb, Map.of()).start();
        String host = "unix://" + sock;
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            if (answers(host)) {
                log.info("started podman system service on {}", sock);
                return host;
            }
            if (!podman.isAlive()) {
                throw new IOException(
                        "podman system service exited with " + podman.exitValue() + " (see " + logFile + ")");
            }
            Thread.sleep(100);
        }
        throw new IOException("podman system service did not answer within " + wait.toSeconds() + " s");
    }

    /**
     * The engine, and every conmon and sandbox it starts, runs at a lower CPU priority than the
     * control path (nice 10 unless {@code CYNODE_ENGINE_NICE} says otherwise; 0 turns it off), so
     * sandboxes that saturate the CPU do not delay dispatch.
     */
    static List<String> serviceCommand(Path sock, String niceSetting) {
        int nice = DEFAULT_NICE;
        if (niceSetting != null && !niceSetting.isBlank()) {
            try {
                nice = Math.clamp(Integer.parseInt(niceSetting.strip()), 0, 19);
            } catch (NumberFormatException e) {
                log.warn("CYNODE_ENGINE_NICE is not a number, using {}", DEFAULT_NICE);
            }
        }
        List<String> command = new ArrayList<>();
        if (nice > 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(nice)));
        }
        command.addAll(List.of("podman", "system", "service", "--time=0", "unix://" + sock));
        return command;
    }

    private List<String> candidates() {
        return DockerEngines.candidates(
                System.getenv(), List.of("unix://" + stateDir.resolve("run").resolve("podman.sock")));
    }

    private static boolean answers(String host) {
        return DockerEngines.answers(host);
    }

    /** Stops the podman service this node started (not one it found running). */
    @Override
    public void close() {
        if (podman != null && podman.isAlive()) {
            podman.destroy();
            try {
                if (!podman.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    podman.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                podman.destroyForcibly();
            }
        }
    }
}
