package io.cynodeai.nodemanager.engine;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    private String dockerHost;

    public EngineService(Path stateDir, Path logFile) {
        this.stateDir = stateDir;
        this.logFile = logFile;
    }

    /** The engine's {@code unix://} address once it answers. */
    public String ensure(Duration wait) throws IOException, InterruptedException {
        for (String candidate : candidates()) {
            if (answers(candidate)) {
                dockerHost = candidate;
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
        podman = pb.start();
        String host = "unix://" + sock;
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            if (answers(host)) {
                log.info("started podman system service on {}", sock);
                dockerHost = host;
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

    public Optional<String> dockerHost() {
        return Optional.ofNullable(dockerHost);
    }

    private List<String> candidates() {
        List<String> out = new ArrayList<>();
        String env = System.getenv("DOCKER_HOST");
        if (env != null && env.startsWith("unix://")) {
            out.add(env);
        }
        out.add("unix://" + stateDir.resolve("run").resolve("podman.sock"));
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null) {
            out.add("unix://" + xdg + "/podman/podman.sock");
        }
        out.add("unix:///run/podman/podman.sock");
        out.add("unix:///var/run/docker.sock");
        return out;
    }

    /** A {@code GET /_ping} on the socket answers {@code OK}. */
    static boolean answers(String host) {
        Path path = Path.of(host.substring("unix://".length()));
        if (!Files.exists(path)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: engine\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            // Connection: close, so the engine ends the stream after its short answer.
            ByteBuffer buf = ByteBuffer.allocate(1024);
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // keep reading
            }
            String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.0 200");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Stops the podman service this node started (not one it found running). */
    @Override
    public void close() {
        if (podman != null && podman.isAlive()) {
            podman.destroy();
            try {
                if (!podman.waitFor(
                        java.util.concurrent.TimeUnit.SECONDS.toMillis(5),
                        java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    podman.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                podman.destroyForcibly();
            }
        }
    }
}
