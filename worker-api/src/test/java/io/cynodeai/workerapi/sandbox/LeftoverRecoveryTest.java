package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeftoverRecoveryTest {
    final DockerClient docker = mock(DockerClient.class, RETURNS_DEEP_STUBS);
    final Engine engine = new Engine("unix:///x", docker);
    final LeftoverRecovery recovery = new LeftoverRecovery(engine, new Containers(engine), SandboxSpecs.local("n1"));

    static Container container(String id, Map<String, String> labels) {
        Container c = mock(Container.class);
        when(c.getId()).thenReturn(id);
        when(c.getLabels()).thenReturn(labels);
        return c;
    }

    @Test
    void leftoversAreFoundByTheirLabelsWithTheirJobAndDeadline() {
        List<Container> listed = List.of(
                container(
                        "c1",
                        Map.of(
                                HardenedContainers.LABEL_MANAGED, "true",
                                HardenedContainers.LABEL_TASK, "t1",
                                HardenedContainers.LABEL_JOB, "j1",
                                HardenedContainers.LABEL_DEADLINE, "1800000000")),
                container("c2", Map.of(HardenedContainers.LABEL_MANAGED, "true", HardenedContainers.LABEL_NODE, "n1")),
                container(
                        "c3",
                        Map.of(
                                HardenedContainers.LABEL_MANAGED, "true",
                                HardenedContainers.LABEL_JOB, "j3",
                                HardenedContainers.LABEL_NODE, "n2")));
        when(docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(anyMap())
                        .exec())
                .thenReturn(listed);
        List<ContainerRuntime.Leftover> found = recovery.find();
        assertThat(found).hasSize(2);
        assertThat(found.get(0))
                .isEqualTo(new ContainerRuntime.Leftover("c1", "t1", "j1", Instant.ofEpochSecond(1_800_000_000L)));
        assertThat(found.get(1).jobId())
                .as("a container of no job, to be removed")
                .isNull();
        assertThat(found)
                .extracting(ContainerRuntime.Leftover::containerId)
                .as("another node's sandbox on the same engine is left to it")
                .doesNotContain("c3");
    }
}
