package io.cynodeai.nodemanager.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EngineServiceTest {
    private static final Path SOCK = Path.of("/state/run/podman.sock");

    @Test
    void theEngineStartsAtNiceTenUnlessToldOtherwise() {
        assertThat(EngineService.serviceCommand(SOCK, null))
                .containsExactly("nice", "-n", "10", "podman", "system", "service", "--time=0", "unix://" + SOCK);
        assertThat(EngineService.serviceCommand(SOCK, " 5 ")).startsWith("nice", "-n", "5", "podman");
        assertThat(EngineService.serviceCommand(SOCK, "0")).startsWith("podman", "system", "service");
    }

    @Test
    void anOutOfRangeOrMalformedSettingIsClampedOrIgnored() {
        assertThat(EngineService.serviceCommand(SOCK, "40")).startsWith("nice", "-n", "19");
        assertThat(EngineService.serviceCommand(SOCK, "-3")).startsWith("podman");
        assertThat(EngineService.serviceCommand(SOCK, "high")).startsWith("nice", "-n", "10");
    }
}
