package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.cynodeai.engine.DockerEngines;
import io.cynodeai.testsupport.TestEngine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-java's attach on this machine's engine (Podman's Docker-compatible service), as a job
 * uses it: established before the start, it loses none of a container's first output, so
 * worker-api needs no attach of its own (an earlier release wrote one by hand); a flood is cut.
 */
class OutputStreamsIT {
    static final int RUNS = 20;
    final DockerClient docker = DockerEngines.client(TestEngine.dockerHost(), 8);

    @Test
    void theFirstLineOfAContainerStartedRightAfterTheAttachIsNeverLost() throws Exception {
        int seen = 0;
        for (int i = 0; i < RUNS; i++) {
            BoundedOutput out = new BoundedOutput(1024);
            run("echo first-line", out, 1 << 20);
            seen += out.text().contains("first-line") ? 1 : 0;
        }
        assertThat(seen).isEqualTo(RUNS);
    }

    @Test
    void aFloodIsCutOffAtTheReadLimit() throws Exception {
        BoundedOutput out = new BoundedOutput(1024);
        OutputStreams streams = run("yes flood | head -c 5000000", out, 100_000);
        assertThat(streams.flooded()).isTrue();
        assertThat(out.truncated()).isTrue();
    }

    private OutputStreams run(String command, BoundedOutput out, long readLimit) throws Exception {
        String id = docker.createContainerCmd("cynode-sandbox:latest")
                .withCmd(List.of("sh", "-c", command))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        try (OutputStreams streams = new OutputStreams(out, new BoundedOutput(1024), readLimit)) {
            docker.attachContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(streams);
            assertThat(streams.awaitAttached(10, TimeUnit.SECONDS)).isTrue();
            docker.startContainerCmd(id).exec();
            streams.awaitEnd(30, TimeUnit.SECONDS);
            return streams;
        } finally {
            // Podman now and then refuses a forced remove of a container that is just stopping
            // ("container state improper"; seen once in CI): again until it has settled.
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .ignoreException(com.github.dockerjava.api.exception.InternalServerErrorException.class)
                    .untilAsserted(
                            () -> docker.removeContainerCmd(id).withForce(true).exec());
        }
    }
}
