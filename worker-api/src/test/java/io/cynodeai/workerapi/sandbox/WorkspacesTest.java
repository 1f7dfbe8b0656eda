package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

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

    Workspaces workspaces() {
        return new Workspaces(root, "65534:65534", Duration.ofHours(24), clock);
    }

    @Test
    void removesAWorkspaceIdlePastTheRetentionWithWhatItHolds() throws Exception {
        Workspaces w = workspaces();
        String task = UUID.randomUUID().toString();
        Path dir = w.acquire(task);
        Files.createDirectories(dir.resolve("out/deep"));
        Files.writeString(dir.resolve("out/deep/result.txt"), "kept until idle");
        w.release(task);

        clock.now = clock.now.plus(Duration.ofHours(23));
        assertThat(w.removeIdle()).isZero();
        assertThat(dir).exists();

        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(w.removeIdle()).isEqualTo(1);
        assertThat(dir).doesNotExist();
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
