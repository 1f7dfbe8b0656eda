package io.cynodeai.workerapi.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-task host directories mounted at {@code /workspace}: made owner-only (and owned by the
 * sandbox user when we can), kept while the task's jobs run, removed once idle past the retention,
 * so a node's disk does not fill with the workspaces of tasks long done.
 */
final class Workspaces {
    private static final Logger log = LoggerFactory.getLogger(Workspaces.class);
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-fA-F-]{36}");

    private final Path root;
    private final String sandboxUser;
    private final Duration retention;
    private final Clock clock;
    private final Map<String, Integer> inUse = new HashMap<>();
    private final Map<String, Instant> lastUsed = new HashMap<>();

    Workspaces(Path root, String sandboxUser, Duration retention, Clock clock) {
        this.root = root.toAbsolutePath();
        this.sandboxUser = sandboxUser;
        this.retention = retention;
        this.clock = clock;
    }

    /** The task's workspace, created if new; in use until {@link #release}. */
    synchronized Path acquire(String taskId) {
        Path dir = root.resolve(taskId);
        try {
            Files.createDirectories(root);
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                chownToSandboxUser(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the task workspace", e);
        }
        inUse.merge(taskId, 1, Integer::sum);
        lastUsed.put(taskId, clock.instant());
        return dir;
    }

    synchronized void release(String taskId) {
        inUse.computeIfPresent(taskId, (k, n) -> n == 1 ? null : n - 1);
        lastUsed.put(taskId, clock.instant());
    }

    /**
     * Removes workspaces idle longer than the retention (last use here, else the directory's
     * modification time, for those of an earlier worker process); never one in use.
     *
     * @return how many were removed
     */
    synchronized int removeIdle() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention);
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String taskId = dir.getFileName().toString();
                if (!TASK_ID.matcher(taskId).matches() || inUse.containsKey(taskId) || !Files.isDirectory(dir)) {
                    continue;
                }
                Instant used = lastUsed.getOrDefault(
                        taskId, Files.getLastModifiedTime(dir).toInstant());
                if (used.isBefore(cutoff) && deleteTree(dir)) {
                    lastUsed.remove(taskId);
                    removed++;
                }
            }
        } catch (IOException e) {
            log.warn("could not sweep the workspaces under {}: {}", root, e.getMessage());
        }
        return removed;
    }

    /** Bytes in the files under {@code dir} (what cannot be read counts as nothing). */
    static long size(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // an unreadable tree: what was counted stands
        }
        return total[0];
    }

    private static boolean deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            log.warn("could not remove the idle workspace {}: {}", dir.getFileName(), e.getMessage());
            return false;
        }
    }

    private void chownToSandboxUser(Path dir) {
        String[] ids = sandboxUser.split(":");
        try {
            Files.setAttribute(dir, "unix:uid", Integer.parseInt(ids[0]));
            Files.setAttribute(dir, "unix:gid", Integer.parseInt(ids.length > 1 ? ids[1] : ids[0]));
        } catch (IOException | UnsupportedOperationException | NumberFormatException | SecurityException e) {
            // Not root: the directory stays ours; a rootless engine maps our uid into the sandbox.
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
