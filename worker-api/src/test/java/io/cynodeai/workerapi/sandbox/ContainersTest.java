package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ContainersTest {
    final DockerClient docker = mock(DockerClient.class, RETURNS_DEEP_STUBS);
    final Containers containers = new Containers(new Engine("unix:///x", docker));

    static InspectContainerResponse.ContainerState state(boolean running, Long code) {
        var s = mock(InspectContainerResponse.ContainerState.class);
        when(s.getRunning()).thenReturn(running);
        when(s.getExitCodeLong()).thenReturn(code);
        return s;
    }

    @Test
    void theExitCodeIsReadOnlyOnceTheContainerStopped() throws Exception {
        var running = state(true, 0L);
        var stopped = state(false, 3L);
        when(docker.inspectContainerCmd("c").exec().getState()).thenReturn(running, running, stopped);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        assertThat(containers.exitCode("c", deadline)).contains(3);
    }

    @Test
    void aContainerStillRunningAtTheDeadlineHasNoExitCode() throws Exception {
        var running = state(true, 0L);
        when(docker.inspectContainerCmd("c").exec().getState()).thenReturn(running);
        assertThat(containers.exitCode(
                        "c", System.nanoTime() + Duration.ofMillis(30).toNanos()))
                .isEmpty();
    }

    @Test
    void aReasonIsShortAndNeverEmpty() {
        assertThat(Containers.reason((String) null)).isEqualTo("no reason given");
        assertThat(Containers.reason("  x  ")).isEqualTo("x");
        assertThat(Containers.reason("y".repeat(400))).hasSize(300);
        assertThat(Containers.reason(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void aRemoveRefusedWhileTheContainerIsStoppingIsTriedAgain() {
        var refused = new com.github.dockerjava.api.exception.InternalServerErrorException("container state improper");
        var cmd = docker.removeContainerCmd("c").withForce(true).withRemoveVolumes(true);
        org.mockito.Mockito.doThrow(refused)
                .doThrow(refused)
                .doNothing()
                .when(cmd)
                .exec();
        containers.remove("c");
        org.mockito.Mockito.verify(cmd, org.mockito.Mockito.times(3)).exec();
    }

    @Test
    void aRemoveStillRefusedAfterThreeTriesIsLeftToTheSweep() {
        var cmd = docker.removeContainerCmd("c").withForce(true).withRemoveVolumes(true);
        org.mockito.Mockito.doThrow(new com.github.dockerjava.api.exception.InternalServerErrorException("improper"))
                .when(cmd)
                .exec();
        containers.remove("c");
        org.mockito.Mockito.verify(cmd, org.mockito.Mockito.times(3)).exec();
    }
}
