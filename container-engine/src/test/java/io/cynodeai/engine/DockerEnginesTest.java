package io.cynodeai.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEnginesTest {

    @Test
    void dockerHostComesFirstThenTheNodesOwnSocketThenTheUsualOnes() {
        assertThat(DockerEngines.candidates(
                        Map.of("DOCKER_HOST", "unix:///h.sock", "XDG_RUNTIME_DIR", "/run/user/1"),
                        List.of("unix:///state/run/podman.sock")))
                .containsExactly(
                        "unix:///h.sock",
                        "unix:///state/run/podman.sock",
                        "unix:///run/user/1/podman/podman.sock",
                        "unix:///run/podman/podman.sock",
                        "unix:///var/run/docker.sock");
    }

    @Test
    void withoutAnEnvironmentOnlyTheUsualSocketsAreTried() {
        assertThat(DockerEngines.candidates(Map.of(), List.of()))
                .containsExactly("unix:///run/podman/podman.sock", "unix:///var/run/docker.sock");
    }

    @Test
    void aSocketThatDoesNotExistDoesNotAnswer(@TempDir Path dir) {
        assertThat(DockerEngines.answers("unix://" + dir.resolve("none.sock"))).isFalse();
    }

    @Test
    void aFileThatIsNoEngineDoesNotAnswer(@TempDir Path dir) throws Exception {
        Path notASocket = Files.writeString(dir.resolve("x.sock"), "");
        assertThat(DockerEngines.answers("unix://" + notASocket)).isFalse();
    }
}
