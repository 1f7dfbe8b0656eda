package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.cynodeai.workerapi.policy.SandboxSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The jobs an earlier worker process of this node left behind (it died): found by their labels
 * (this node's, or none: made before sandboxes were labelled with their node), and each
 * finished rather than run again — its output read from the start, its end awaited (killed at
 * its deadline), its exit code taken — then removed.
 */
@Component
class LeftoverRecovery {
    private final DockerClient docker;
    private final Containers containers;
    private final String node;

    LeftoverRecovery(Engine engine, Containers containers, SandboxSettings local) {
        this.docker = engine.docker();
        this.containers = containers;
        this.node = local.node();
    }

    List<ContainerRuntime.Leftover> find() {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(HardenedContainers.LABEL_MANAGED, "true"))
                .exec()
                .stream()
                .filter(c -> {
                    String owner = c.getLabels() == null ? null : c.getLabels().get(HardenedContainers.LABEL_NODE);
                    return owner == null || owner.equals(node);
                })
                .map(c -> {
                    Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
                    String deadline = labels.get(HardenedContainers.LABEL_DEADLINE);
                    return new ContainerRuntime.Leftover(
                            c.getId(),
                            labels.get(HardenedContainers.LABEL_TASK),
                            labels.get(HardenedContainers.LABEL_JOB),
                            deadline == null ? Instant.now() : Instant.ofEpochSecond(Long.parseLong(deadline)));
                })
                .toList();
    }

    SandboxOutcome finish(ContainerRuntime.Leftover leftover, int outputCap) {
        BoundedOutput out = new BoundedOutput(outputCap);
        BoundedOutput err = new BoundedOutput(outputCap);
        Instant started = Instant.now();
        String id = leftover.containerId();
        try {
            var state = docker.inspectContainerCmd(id).exec().getState();
            if (state.getStartedAt() != null && !state.getStartedAt().startsWith("0001")) {
                started = Instant.parse(state.getStartedAt());
            }
            // The logs endpoint replays everything from the start, then follows to the end.
            var logs = new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).write(frame.getPayload());
                }
            };
            docker.logContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(logs);
            if (!logs.awaitCompletion(Math.max(0, untilDeadline(leftover).toMillis()), TimeUnit.MILLISECONDS)) {
                containers.kill(id);
                logs.close();
                return SandboxOutcome.of(SandboxOutcome.Kind.TIMED_OUT, null, out, err, started);
            }
            return containers.end(
                    id, System.nanoTime() + Math.max(0, untilDeadline(leftover).toNanos()), out, err, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SandboxOutcome.of(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } catch (IOException | RuntimeException e) {
            err.write(("[cynode] the job's container could not be recovered after a worker restart: "
                            + e.getClass().getSimpleName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return SandboxOutcome.of(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } finally {
            containers.remove(id);
        }
    }

    private static Duration untilDeadline(ContainerRuntime.Leftover leftover) {
        return Duration.between(Instant.now(), leftover.deadline());
    }
}
