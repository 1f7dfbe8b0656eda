package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HardenedContainersTest {

    @Test
    void aSandboxIsLockedDownAndLimited() {
        HostConfig h = HardenedContainers.hostConfig(SandboxSpecs.spec("none"), null);
        assertThat(h.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(h.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(h.getReadonlyRootfs()).isTrue();
        assertThat(h.getPrivileged()).isFalse();
        assertThat(h.getNetworkMode()).isEqualTo("none");
        assertThat(h.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(h.getMemory()).isEqualTo(512L << 20);
        assertThat(h.getMemorySwap()).as("no swap beyond the memory limit").isEqualTo(512L << 20);
        assertThat(h.getPidsLimit()).isEqualTo(256);
        assertThat(h.getTmpFs()).containsEntry("/tmp", "rw,nosuid,nodev,size=" + (64L << 20));
        assertThat(h.getBinds()).hasSize(1);
        assertThat(h.getBinds()[0].getPath()).isEqualTo("/ws/task-1");
        assertThat(h.getBinds()[0].getVolume().getPath()).isEqualTo("/workspace");
        assertThat(h.getCpuShares()).isEqualTo(HardenedContainers.SANDBOX_CPU_SHARES);
        assertThat(h.getCgroupParent()).isNull();
    }

    @Test
    void theCgroupParentIsUsedOnceSet() {
        assertThat(HardenedContainers.hostConfig(SandboxSpecs.spec("none"), "/cynode_sandboxes")
                        .getCgroupParent())
                .isEqualTo("/cynode_sandboxes");
    }

    @Test
    void labelsCarryTheJobAndItsDeadlineForRecovery() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        var containers = new HardenedContainers(
                new Engine("unix:///x", mock(DockerClient.class)), clock, SandboxSpecs.local("node-7"));
        assertThat(containers.labels(SandboxSpecs.spec("none")))
                .containsEntry(HardenedContainers.LABEL_MANAGED, "true")
                .containsEntry(HardenedContainers.LABEL_TASK, "task-1")
                .containsEntry(HardenedContainers.LABEL_JOB, "job-1")
                .containsEntry(HardenedContainers.LABEL_NODE, "node-7")
                .containsEntry(
                        HardenedContainers.LABEL_DEADLINE,
                        Long.toString(Instant.parse("2026-12-01T00:00:30Z").getEpochSecond()));
    }
}
