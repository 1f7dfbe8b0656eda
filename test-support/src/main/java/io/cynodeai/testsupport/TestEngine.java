package io.cynodeai.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real container engine for tests: makes sure a Docker-compatible API answers (the project's
 * {@code dev/podman-service.sh}) and the default sandbox image exists ({@code dev/sandbox-image.sh}).
 */
public final class TestEngine {
    private static String dockerHost;

    private TestEngine() {}

    public static synchronized String dockerHost() {
        if (dockerHost == null) {
            dockerHost = run("podman-service.sh").strip();
            run("sandbox-image.sh");
        }
        return dockerHost;
    }

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("dev/podman-service.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (dev/podman-service.sh)");
        }
        return dir;
    }

    /** Containers with our label, running or not (the leftovers a test must not leave). */
    public static List<String> managedContainers() {
        String out = podman("ps", "-a", "-q", "--filter", "label=io.cynode.managed=true");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\\s+"));
    }

    public static String podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    private static String run(String script) {
        return exec(List.of("bash", repoRoot().resolve("dev").resolve(script).toString()));
    }

    public static String exec(String... cmd) {
        return exec(List.of(cmd));
    }

    private static String exec(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment()
                    .putIfAbsent(
                            "CONTAINERS_CONF",
                            repoRoot().resolve("dev/containers.conf").toString());
            pb.environment()
                    .putIfAbsent(
                            "CYNODE_STATE_DIR", repoRoot().resolve(".cynode").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(cmd + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
