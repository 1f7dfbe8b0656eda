package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacesTest {
    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path root;

    final HandClock clock = new HandClock();

    final LoopFilesystems filesystems = new LoopFilesystems();

    Workspaces workspaces() {
        return new Workspaces(root, "65534:65534", 32L << 20, Duration.ofHours(24), clock, filesystems);
    }

    void unmounted(Path dir) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !filesystems.mounted(dir));
    }

    @Test
    void aJobOfTheTaskThatComesBackBeforeTheUnmountKeepsItsWorkspaceMounted() throws Exception {
        Workspaces w = workspaces();
        String task = UUID.randomUUID().toString();
        Path dir = w.acquire(task);
        Files.writeString(dir.resolve("f"), "x");
        for (int i = 0; i < 20; i++) {
            w.release(task);
            w.acquire(task);
            assertThat(Files.readString(dir.resolve("f"))).isEqualTo("x");
        }
        w.release(task);
        unmounted(dir);
    }

    /** Nothing stays mounted under the temporary directory JUnit removes (released ones unmount by themselves). */
    @org.junit.jupiter.api.AfterEach
    void unmountAll() throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var dirs = Files.list(root)) {
                return dirs.noneMatch(filesystems::mounted);
            }
        });
    }

    @Test
    void aWorkspaceIsAFilesystemOfTheLimitsSizeOwnedByTheSandboxUserMountedOnlyWhileInUse() throws Exception {
        Workspaces w = workspaces();
        assertThat(w.unavailable()).isEmpty();
        String task = UUID.randomUUID().toString();
        Path dir = w.acquire(task);
        assertThat(filesystems.mounted(dir)).isTrue();
        assertThat(Files.getFileStore(dir).getTotalSpace()).isBetween(24L << 20, 32L << 20);
        assertThat(Files.getAttribute(dir, "unix:uid")).isEqualTo(65534);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        try (var entries = Files.list(dir)) {
            assertThat(entries).as("an empty workspace (no lost+found)").isEmpty();
        }
        Files.writeString(dir.resolve("kept.txt"), "for the next job");
        w.release(task);
        unmounted(dir);
        assertThat(dir.resolve("kept.txt")).doesNotExist();

        assertThat(Files.readString(w.acquire(task).resolve("kept.txt"))).isEqualTo("for the next job");
        w.release(task);
    }

    @Test
    void writingPastTheLimitFailsAndTheWorkspaceSaysItIsFull() throws Exception {
        Workspaces w = workspaces();
        String task = UUID.randomUUID().toString();
        Path dir = w.acquire(task);
        assertThat(w.full(task)).isFalse();
        byte[] mib = new byte[1 << 20];
        assertThatThrownBy(() -> {
                    try (var out = Files.newOutputStream(dir.resolve("fill"))) {
                        for (int i = 0; i < 64; i++) {
                            out.write(mib);
                        }
                    }
                })
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("No space left on device");
        assertThat(w.full(task)).isTrue();
        w.release(task);
    }

    @Test
    void aNewTaskTakesTheSpareFilesystemAndTheNextOneIsMadeBehindIt() throws Exception {
        Workspaces w = workspaces();
        w.keepASpare();
        Path spare = root.resolve(".spare.img");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(spare));
        Object spareFile = Files.getAttribute(spare, "unix:ino");
        String task = UUID.randomUUID().toString();
        Path dir = w.acquire(task);
        assertThat(Files.getAttribute(root.resolve(task + ".img"), "unix:ino")).isEqualTo(spareFile);
        assertThat(Files.getFileStore(dir).getTotalSpace()).isBetween(24L << 20, 32L << 20);
        try (var entries = Files.list(dir)) {
            assertThat(entries).isEmpty();
        }
        w.release(task);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(spare));
        assertThat(Files.getAttribute(spare, "unix:ino")).isNotEqualTo(spareFile);
    }

    @Test
    void aSecondJobOfTheTaskKeepsTheWorkspaceMountedUntilBothEnd() {
        Workspaces w = workspaces();
        String task = UUID.randomUUID().toString();
        Path dir = w.acquire(task);
        w.acquire(task);
        w.release(task);
        org.awaitility.Awaitility.await()
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> filesystems.mounted(dir));
        w.release(task);
        unmounted(dir);
    }

    @Test
    void workspacesCannotBeMountedWhereTheRootCannotBeCreated() throws Exception {
        Path file = Files.writeString(root.resolve("a-file"), "not a directory");
        Workspaces w = new Workspaces(
                file.resolve("below"), "65534:65534", 32L << 20, Duration.ofHours(1), clock, filesystems);
        assertThat(w.unavailable()).hasValueSatisfying(why -> assertThat(why).contains("cannot be mounted"));
    }

    @Test
    void removesAWorkspaceIdlePastTheRetentionWithWhatItHolds() throws Exception {
        Workspaces w = workspaces();
        String task = UUID.randomUUID().toString();
        Path dir = w.acquire(task);
        Files.createDirectories(dir.resolve("out/deep"));
        Files.writeString(dir.resolve("out/deep/result.txt"), "kept until idle");
        // what the sandbox user made and only it may enter
        Files.setPosixFilePermissions(dir.resolve("out"), java.util.Set.of());
        w.release(task);

        clock.now = clock.now.plus(Duration.ofHours(23));
        assertThat(w.removeIdle()).isZero();
        assertThat(dir).exists();

        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(w.removeIdle()).isEqualTo(1);
        assertThat(dir).doesNotExist();
        assertThat(root.resolve(task + ".img")).doesNotExist();
    }

    @Test
    void neverRemovesAWorkspaceInUseAndALaterJobRestartsItsClock() {
        Workspaces w = workspaces();
        String busy = UUID.randomUUID().toString();
        String reused = UUID.randomUUID().toString();
        Path busyDir = w.acquire(busy);
        w.release(w.acquire(reused).getFileName().toString());

        clock.now = clock.now.plus(Duration.ofHours(20));
        w.release(w.acquire(reused).getFileName().toString());
        clock.now = clock.now.plus(Duration.ofHours(10));

        assertThat(w.removeIdle()).isZero();
        assertThat(busyDir).exists();
        assertThat(root.resolve(reused)).exists();

        w.release(busy);
        clock.now = clock.now.plus(Duration.ofHours(25));
        assertThat(w.removeIdle()).isEqualTo(2);
    }

    @Test
    void leavesWhatIsNotATaskWorkspaceAlone() throws Exception {
        Files.createDirectories(root.resolve("not-a-task"));
        clock.now = clock.now.plus(Duration.ofDays(30));
        assertThat(workspaces().removeIdle()).isZero();
        assertThat(root.resolve("not-a-task")).exists();
    }
}
