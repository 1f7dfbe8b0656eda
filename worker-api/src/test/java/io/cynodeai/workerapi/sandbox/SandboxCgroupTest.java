package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCgroupTest {
    @TempDir
    Path root;

    @Test
    void writesTheSharesUnderTheCpuHierarchyOfCgroupV1() throws IOException {
        Files.createDirectories(root.resolve("cpu"));
        assertThat(SandboxCgroup.prepare(root, "cgroupfs", "1", "/cynode_sandboxes", 64))
                .isEmpty();
        assertThat(Files.readString(root.resolve("cpu/cynode_sandboxes/cpu.shares")))
                .isEqualTo("64");
        // A second start finds the cgroup there and sets the weight again.
        assertThat(SandboxCgroup.prepare(root, "cgroupfs", "1", "/cynode_sandboxes", 128))
                .isEmpty();
        assertThat(Files.readString(root.resolve("cpu/cynode_sandboxes/cpu.shares")))
                .isEqualTo("128");
    }

    @Test
    void findsTheCombinedCpuCpuacctHierarchy() throws IOException {
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        assertThat(SandboxCgroup.prepare(root, "cgroupfs", "1", "/a/b", 64)).isEmpty();
        assertThat(root.resolve("cpu,cpuacct/a/b/cpu.shares")).hasContent("64");
    }

    @Test
    void writesAWeightOnCgroupV2TheWayRuncConvertsShares() {
        assertThat(SandboxCgroup.prepare(root, "cgroupfs", "2", "/cynode_sandboxes", 64))
                .isEmpty();
        assertThat(root.resolve("cynode_sandboxes/cpu.weight")).hasContent("3");
        assertThat(SandboxCgroup.v2Weight(1024)).isEqualTo(39);
        assertThat(SandboxCgroup.v2Weight(2)).isEqualTo(1);
        assertThat(SandboxCgroup.v2Weight(262_144)).isEqualTo(10_000);
    }

    @Test
    void leavesTheEngineDefaultWhereItCannotPrepareOne() throws IOException {
        assertThat(SandboxCgroup.prepare(root, "systemd", "2", "/cynode_sandboxes", 64))
                .hasValueSatisfying(why -> assertThat(why).contains("systemd"));
        assertThat(SandboxCgroup.prepare(root, "cgroupfs", "1", "/x", 64))
                .hasValueSatisfying(why -> assertThat(why).contains("no cpu controller"));
        Files.createDirectories(root.resolve("cpu"));
        assertThat(SandboxCgroup.prepare(root, "cgroupfs", "1", "../etc", 64))
                .hasValueSatisfying(why -> assertThat(why).contains("not an absolute cgroup path"));
        assertThat(SandboxCgroup.prepare(root, "cgroupfs", "1", "/a/../../etc", 64))
                .isPresent();
        assertThat(root.getParent().resolve("etc")).doesNotExist();
    }
}
