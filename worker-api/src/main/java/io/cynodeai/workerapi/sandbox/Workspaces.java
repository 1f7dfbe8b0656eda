package io.cynodeai.workerapi.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The per-task workspaces mounted at {@code /workspace}: each a filesystem of the workspace
 * limit's size ({@link LoopFilesystems}), owned by the sandbox user and owner-only, mounted while
 * the task's jobs run and kept (unmounted) until idle past the retention, so a node's disk does
 * not fill with the workspaces of tasks long done.
 *
 * <p>On disk, under the root: {@code <task id>.img} (the filesystem) and {@code <task id>/} (where
 * it is mounted).
 */
final class Workspaces {
    private static final Logger log = LoggerFactory.getLogger(Workspaces.class);
    private static final Pattern TASK_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\\.img)?");

    private final Path root;
    private final String sandboxUser;
    private final long limitBytes;
    private final Duration retention;
    private final Clock clock;
    private final LoopFilesystems filesystems;
    /** The next new task's filesystem, made ahead of time off the job's path ({@link #keepASpare}). */
    private final Path spare;

    private final AtomicBoolean refilling = new AtomicBoolean();
    private volatile boolean spares;
    private final Map<String, Integer> inUse = new HashMap<>();
    private final Map<String, Instant> lastUsed = new HashMap<>();

    Workspaces(Path root, String sandboxUser, long limitBytes, Duration retention, Clock clock, LoopFilesystems fs) {
        this.root = root.toAbsolutePath();
        this.sandboxUser = sandboxUser.contains(":") ? sandboxUser : sandboxUser + ":" + sandboxUser;
        this.limitBytes = limitBytes;
        this.retention = retention;
        this.clock = clock;
        this.filesystems = fs;
        this.spare = this.root.resolve(".spare.img");
    }

    /**
     * From now on a new task's filesystem is taken ready-made (a rename) and the next one made in
     * the background: {@code mkfs} costs tens of milliseconds, which would otherwise come before
     * every new task's first job.
     */
    void keepASpare() {
        spares = true;
        try {
            // one an earlier process made may have another size
            Files.deleteIfExists(spare);
        } catch (IOException e) {
            log.warn("could not remove an earlier spare workspace: {}", e.getMessage());
        }
        refill();
    }

    private void refill() {
        if (!spares || !refilling.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("workspace-spare").start(() -> {
            Path made = root.resolve(".spare.tmp.img");
            try {
                Files.deleteIfExists(made);
                filesystems.make(made, limitBytes, sandboxUser);
                synchronized (this) {
                    Files.move(made, spare, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not make a spare workspace (the next task makes its own): {}", e.getMessage());
            } finally {
                refilling.set(false);
            }
        });
    }

    /**
     * Empty when workspaces can be made and mounted here (tried once with a small one), else why
     * not: then no job runs, rather than one whose workspace has no limit.
     */
    Optional<String> unavailable() {
        return filesystems.unavailable(root, sandboxUser);
    }

    /** The task's workspace, mounted (and made, if new); in use until {@link #release}. */
    synchronized Path acquire(String taskId) {
        Path dir = root.resolve(taskId);
        Path image = root.resolve(taskId + ".img");
        try {
            Files.createDirectories(dir);
            boolean fresh = !Files.exists(image);
            if (fresh && spares && Files.exists(spare)) {
                Files.move(spare, image, StandardCopyOption.ATOMIC_MOVE);
                refill();
            } else if (fresh) {
                filesystems.make(image, limitBytes, sandboxUser);
                refill();
            }
            if (!filesystems.mounted(dir)) {
                filesystems.mount(image, dir);
            }
            if (fresh) {
                Files.deleteIfExists(dir.resolve("lost+found"));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the task workspace", e);
        }
        inUse.merge(taskId, 1, Integer::sum);
        lastUsed.put(taskId, clock.instant());
        return dir;
    }

    /**
     * Whether the task's workspace has (next to) no room left, what a job that filled it is told:
     * ext4 refuses a write with a little space still shown free (blocks it keeps for its own
     * records), so under 1 MiB or 2% counts as full.
     */
    synchronized boolean full(String taskId) {
        try {
            var store = Files.getFileStore(root.resolve(taskId));
            return store.getUsableSpace() < Math.max(1L << 20, store.getTotalSpace() / 50);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * No longer in use by this job; unmounted once no job of the task runs — right after, off the
     * job's path (its result need not wait for {@code umount}), unless a job of the task came back
     * meanwhile.
     */
    synchronized void release(String taskId) {
        Integer left = inUse.computeIfPresent(taskId, (k, n) -> n == 1 ? null : n - 1);
        lastUsed.put(taskId, clock.instant());
        if (left == null) {
            Thread.ofVirtual().name("workspace-unmount").start(() -> unmountIfIdle(taskId));
        }
    }

    private synchronized void unmountIfIdle(String taskId) {
        Path dir = root.resolve(taskId);
        if (inUse.containsKey(taskId) || !filesystems.mounted(dir)) {
            return;
        }
        try {
            filesystems.unmount(dir);
        } catch (RuntimeException e) {
            log.warn("could not unmount the workspace of task {}: {}", taskId, e.getMessage());
        }
    }

    /**
     * Removes workspaces idle longer than the retention (last use here, else the image's
     * modification time, for those of an earlier worker process); never one in use.
     *
     * @return how many were removed
     */
    synchronized int removeIdle() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention);
        Set<String> tasks = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (TASK_ID.matcher(name).matches()) {
                    tasks.add(name.replace(".img", ""));
                }
            }
        } catch (IOException e) {
            log.warn("could not sweep the workspaces under {}: {}", root, e.getMessage());
        }
        int removed = 0;
        for (String taskId : tasks) {
            if (!inUse.containsKey(taskId) && lastUse(taskId).isBefore(cutoff) && remove(taskId)) {
                lastUsed.remove(taskId);
                removed++;
            }
        }
        return removed;
    }

    private Instant lastUse(String taskId) {
        Instant known = lastUsed.get(taskId);
        if (known != null) {
            return known;
        }
        for (Path p : List.of(root.resolve(taskId + ".img"), root.resolve(taskId))) {
            try {
                return Files.getLastModifiedTime(p).toInstant();
            } catch (IOException e) {
                // try the other
            }
        }
        return Instant.EPOCH;
    }

    private boolean remove(String taskId) {
        Path dir = root.resolve(taskId);
        try {
            if (filesystems.mounted(dir)) {
                filesystems.unmount(dir);
            }
            Files.deleteIfExists(root.resolve(taskId + ".img"));
            if (Files.isDirectory(dir)) {
                FileSystemUtils.deleteRecursively(dir);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("could not remove the idle workspace {}: {}", taskId, e.getMessage());
            return false;
        }
    }
}
