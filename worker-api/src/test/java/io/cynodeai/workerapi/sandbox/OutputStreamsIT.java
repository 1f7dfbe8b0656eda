package io.cynodeai.workerapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.cynodeai.engine.DockerEngines;
import io.cynodeai.testsupport.TestEngine;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Why worker-api attaches by hand ({@link EngineAttach}): docker-java's attach, started just
 * before the container as a job needs it, on this machine's engine (Podman's Docker-compatible
 * service). Each run is a container that prints one line at once.
 */
class DockerJavaAttachIT {
    static final int RUNS = 20;

    @Test
    void dockerJavasAttachLosesTheFirstOutputOfAContainerStartedRightAfterIt() throws Exception {
        String host = TestEngine.dockerHost();
        DockerClient docker = DockerEngines.client(host, 8);
        int lost = 0;
        int handAttachLost = 0;
        for (int i = 0; i < RUNS; i++) {
            lost += viaDockerJava(docker) ? 0 : 1;
            handAttachLost += viaEngineAttach(docker, host) ? 0 : 1;
        }
        assertThat(handAttachLost).as("the hand-written attach loses nothing").isZero();
        assertThat(lost)
                .as("runs of %d where docker-java's attach lost the line", RUNS)
                .isPositive();
    }

    private static String create(DockerClient docker) {
        return docker.createContainerCmd("cynode-sandbox:latest")
                .withCmd(List.of("sh", "-c", "echo first-line"))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
    }

    /** Whether docker-java's attach, opened as a job would open it, saw the line. */
    private static boolean viaDockerJava(DockerClient docker) throws Exception {
        String id = create(docker);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CountDownLatch started = new CountDownLatch(1);
            var callback = new ResultCallback.Adapter<Frame>() {
                @Override
                public void onStart(Closeable stream) {
                    super.onStart(stream);
                    started.countDown();
                }

                @Override
                public void onNext(Frame frame) {
                    out.writeBytes(frame.getPayload());
                }
            };
            docker.attachContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(callback);
            started.await(5, TimeUnit.SECONDS); // the most docker-java tells of the attach
            docker.startContainerCmd(id).exec();
            callback.awaitCompletion(10, TimeUnit.SECONDS);
            return out.toString().contains("first-line");
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static boolean viaEngineAttach(DockerClient docker, String host) throws Exception {
        String id = create(docker);
        try (EngineAttach attach = EngineAttach.open(host, id)) {
            docker.startContainerCmd(id).exec();
            BoundedOutput out = new BoundedOutput(1024);
            attach.pump(out, new BoundedOutput(1024), 1 << 20);
            return out.text().contains("first-line");
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
