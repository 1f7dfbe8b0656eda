package io.cynodeai.localstate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {

    @Test
    void aFileIsWrittenOwnerOnlyInAnOwnerOnlyDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets").resolve("token");
        StateDir.writeOwnerOnly(file, "one");
        StateDir.writeOwnerOnly(file, "two");
        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void aConfiguredSecretWinsOverTheStateDir() {
        assertThat(StateDir.secret("configured-value", "never-written", 32)).isEqualTo("configured-value");
    }
}
