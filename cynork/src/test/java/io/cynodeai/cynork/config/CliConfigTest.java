package io.cynodeai.cynork.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsFoundByFlagThenXdgThenHome() {
        assertThat(CliConfig.path("/x/c.yaml", Map.of("XDG_CONFIG_HOME", "/xdg")))
                .isEqualTo(Path.of("/x/c.yaml"));
        assertThat(CliConfig.path(null, Map.of("XDG_CONFIG_HOME", "/xdg")))
                .isEqualTo(Path.of("/xdg/cynork/config.yaml"));
        assertThat(CliConfig.path(null, Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config/cynork/config.yaml"));
    }

    @Test
    void readingAMissingFileCreatesNothing() {
        Path file = dir.resolve("cynork/config.yaml");
        assertThat(CliConfig.load(file)).isEqualTo(CliConfig.EMPTY);
        assertThat(dir.resolve("cynork")).doesNotExist();
    }

    @Test
    void writingMakesAnOwnerOnlyFileInAnOwnerOnlyDirectoryThatReadsBack() throws Exception {
        Path file = dir.resolve("cynork/config.yaml");
        CliConfig config = new CliConfig("http://gw:1", "access-token-value", "refresh-token-value", null);
        config.save(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(CliConfig.load(file)).isEqualTo(config);
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
        assertThat(config.toString()).doesNotContain("access-token-value").doesNotContain("refresh-token-value");
        String longToken = "eyJ" + "a".repeat(400);
        config.withTokens(longToken, "r").save(file);
        assertThat(Files.readAllLines(file))
                .as("one line per key, for a person to read")
                .contains("token: " + longToken);
    }

    @Test
    void unknownKeysAreIgnored() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "gateway_url: http://gw:2\ntheme: dark\ntoken: t\n");
        assertThat(CliConfig.load(file)).isEqualTo(new CliConfig("http://gw:2", "t", null, null));
    }
}
