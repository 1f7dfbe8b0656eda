package io.cynodeai.nodemanager.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.node.NodeConfigurationPayload.InferenceBackend;
import io.cynodeai.nodemanager.supervisor.HealthProbe;
import io.cynodeai.testsupport.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inference container against the real engine, with the stand-in image (a test double for a
 * model server, inference.md §7): locked down, and with no route off the host by default.
 */
class InferenceContainerIT {
    static final String IMAGE = "cynode-inference-standin:latest";
    final String slug = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final InferenceContainer container = new InferenceContainer(TestEngine.dockerHost(), slug, false, false);
    final InferenceBackend backend = new InferenceBackend(true, IMAGE, null, Map.of(), List.of());

    @AfterEach
    void remove() {
        container.close();
        TestEngine.podman("network", "rm", "-f", InferenceContainer.NETWORK_PREFIX + slug);
    }

    @Test
    void runsLockedDownAloneOnAnInternalNetworkAndAnswersWhereItSaidItWould() throws Exception {
        String url = container.prepare(backend);
        assertThat(url).doesNotContain("127.0.0.1").endsWith(":" + InferenceContainer.OLLAMA_PORT);
        container.start(backend, Duration.ofSeconds(60));
        assertThat(HealthProbe.ok(url + "/")).isTrue();

        String name = InferenceContainer.NAME_PREFIX + slug;
        String inspected = TestEngine.podman(
                "inspect",
                "--format",
                "{{.HostConfig.CapDrop}} ro={{.HostConfig.ReadonlyRootfs}} {{.HostConfig.SecurityOpt}}"
                        + " pids={{.HostConfig.PidsLimit}} nets={{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}",
                name);
        assertThat(inspected)
                .contains("CAP_CHOWN", "CAP_NET_RAW", "CAP_SYS_CHROOT")
                .contains("ro=true", "no-new-privileges", "pids=" + InferenceContainer.PIDS)
                .contains("nets=" + InferenceContainer.NETWORK_PREFIX + slug);
        assertThat(TestEngine.podman("exec", name, "cat", "/proc/self/status")).contains("CapEff:\t0000000000000000");
        // No default route (destination 00000000) and no network but its own.
        String routes = TestEngine.podman("exec", name, "cat", "/proc/net/route");
        assertThat(routes.lines().skip(1).map(l -> l.split("\\s+")[1])).doesNotContain("00000000");
        String internal = TestEngine.podman(
                "network", "inspect", "--format", "{{.Internal}}", InferenceContainer.NETWORK_PREFIX + slug);
        assertThat(internal.strip()).isEqualTo("true");
    }

    @Test
    void theContainersAddressIsTheSubnetsSecondHost() {
        assertThat(InferenceContainer.containerAddress("10.89.3.0/24")).isEqualTo("10.89.3.2");
    }
}
