package io.cynodeai.workerapi.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prepares the cgroup every sandbox (and its conmon) is created under, with a low CPU weight:
 * under contention whatever else runs on the machine — the node's services, the orchestrator of
 * a one-machine install — comes first, and the sandboxes share the rest. Without contention they
 * get every idle core (a weight is not a quota).
 *
 * <p>Only for the engine's {@code cgroupfs} driver, where a cgroup parent is a path under the
 * cgroup file system that this process can create; with the {@code systemd} driver the parent
 * would be a slice that systemd owns, so the engine's default stays.
 */
final class SandboxCgroup {
    /** The weight of an ordinary group in cgroup v1 units ({@code cpu.shares}). */
    static final int DEFAULT_SHARES = 1024;

    private SandboxCgroup() {}

    /**
     * @param cgroupRoot the cgroup file system ({@code /sys/fs/cgroup})
     * @param driver the engine's cgroup driver ({@code cgroupfs} or {@code systemd})
     * @param version the cgroup version the engine reports ({@code 1} or {@code 2})
     * @param parent the parent cgroup, an absolute path such as {@code /cynode_sandboxes}
     * @param shares its CPU weight in cgroup v1 units (2 to 262144; 1024 = an ordinary group)
     * @return empty when the parent is ready with that weight, else why it is not
     */
    static Optional<String> prepare(Path cgroupRoot, String driver, String version, String parent, int shares) {
        if (!"cgroupfs".equals(driver)) {
            return Optional.of("the engine's cgroup driver is " + driver + ", not cgroupfs");
        }
        if (!parent.matches("(/[A-Za-z0-9_.-]+)+") || parent.matches(".*/\\.{1,2}(/.*)?")) {
            return Optional.of("'" + parent + "' is not an absolute cgroup path");
        }
        int clamped = Math.clamp(shares, 2, 262_144);
        Path hierarchy;
        String file;
        String value;
        if ("2".equals(version)) {
            hierarchy = cgroupRoot;
            file = "cpu.weight";
            value = Long.toString(v2Weight(clamped));
        } else {
            hierarchy = Files.isDirectory(cgroupRoot.resolve("cpu"))
                    ? cgroupRoot.resolve("cpu")
                    : cgroupRoot.resolve("cpu,cpuacct");
            file = "cpu.shares";
            value = Integer.toString(clamped);
        }
        if (!Files.isDirectory(hierarchy)) {
            return Optional.of("no cpu controller at " + hierarchy);
        }
        Path dir = hierarchy.resolve(parent.substring(1));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), value);
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of(
                    "cannot set " + dir.resolve(file) + ": " + e.getClass().getSimpleName());
        }
    }

    /** cgroup v1 shares as a v2 {@code cpu.weight}, the way runc converts them. */
    static long v2Weight(int shares) {
        return 1 + ((long) (shares - 2) * 9999) / 262_142;
    }
}
