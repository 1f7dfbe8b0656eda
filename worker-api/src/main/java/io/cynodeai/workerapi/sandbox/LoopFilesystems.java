package io.cynodeai.workerapi.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A task workspace is an ext4 filesystem in a sparse image file, loop-mounted while its jobs run:
 * its size is the workspace limit, enforced by the kernel, so a deleted-but-open file, a directory
 * nobody else may read or a flood of empty files (inodes are bounded too) cannot take a task past
 * it, and removing the image removes all a sandbox wrote, whoever owns it.
 *
 * <p>No Java library creates or mounts filesystems: this runs the system's {@code mkfs.ext4},
 * {@code mount} and {@code umount} (util-linux, e2fsprogs) with an environment of its own, so
 * nothing of the worker's environment reaches them.
 */
final class LoopFilesystems {
    private static final String PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final long TOOL_TIMEOUT_SECONDS = 30;

    /**
     * A sparse image of {@code bytes} with an empty ext4 on it whose root belongs to {@code owner}
     * ({@code uid:gid}). No journal (a workspace outlives no crash of its node that matters, and
     * a journal would take its share of a small limit) and no reserved blocks.
     */
    void make(Path image, long bytes, String owner) {
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workspace image", e);
        }
        run(List.of(
                "mkfs.ext4",
                "-q",
                "-F",
                "-m",
                "0",
                "-O",
                "^has_journal",
                "-E",
                "lazy_itable_init=1,nodiscard,root_owner=" + owner,
                image.toString()));
    }

    /** Mounts the image on {@code dir}: no set-uid programs, no device files, freed blocks given back to the host. */
    void mount(Path image, Path dir) {
        run(List.of("mount", "-t", "ext4", "-o", "loop,nosuid,nodev,discard", image.toString(), dir.toString()));
    }

    /**
     * Unmounts {@code dir}; when something still holds it (a sandbox process the engine has not
     * reaped yet), detaches it now and lets the kernel free it once that is gone.
     */
    void unmount(Path dir) {
        try {
            run(List.of("umount", dir.toString()));
        } catch (IllegalStateException busy) {
            run(List.of("umount", "--lazy", dir.toString()));
        }
    }

    /**
     * Empty when filesystems can be made and mounted under {@code root} (tried with a small one),
     * else why not.
     */
    java.util.Optional<String> unavailable(Path root, String owner) {
        Path probe = root.resolve(".probe");
        Path image = root.resolve(".probe.img");
        try {
            Files.createDirectories(probe);
            make(image, 16L << 20, owner);
            mount(image, probe);
            unmount(probe);
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.of("task workspaces cannot be mounted under " + root
                    + " (the worker needs root and mkfs.ext4): " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(image);
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a later probe overwrites them
            }
        }
    }

    /** Whether a filesystem other than its parent's is mounted on {@code dir}. */
    boolean mounted(Path dir) {
        try {
            return Files.isDirectory(dir)
                    && !Files.getAttribute(dir, "unix:dev").equals(Files.getAttribute(dir.getParent(), "unix:dev"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command) {
        List<String> argv = new ArrayList<>(command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", PATH);
        pb.environment().put("LC_ALL", "C");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        command.getFirst() + " did not finish within " + TOOL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command.getFirst() + " failed (" + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command.getFirst() + " was interrupted", e);
        }
    }
}
