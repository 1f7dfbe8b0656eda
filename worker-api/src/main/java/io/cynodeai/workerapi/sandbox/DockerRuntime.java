package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.cynodeai.engine.DockerEngines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The container runtime over the Docker Engine API. Per job: the image ({@link ImageCache}) →
 * create ({@link HardenedContainers}) → attach ({@link OutputStreams}) → start → read both
 * streams to their end → the exit code once the container stopped → remove, off the job's path.
 * Attaching before start loses no output and avoids the compat {@code wait} endpoint, which is
 * slow on Podman 4.
 */
@Component
class DockerRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(10);

    private final Engine engine;
    private final DockerClient docker;
    private final ImageCache images;
    private final HardenedContainers create;
    private final Containers containers;
    private final LeftoverRecovery recovery;
    private final ExecutorService removals = Executors.newVirtualThreadPerTaskExecutor();

    DockerRuntime(
            Engine engine,
            ImageCache images,
            HardenedContainers create,
            Containers containers,
            LeftoverRecovery recovery) {
        this.engine = engine;
        this.docker = engine.docker();
        this.images = images;
        this.create = create;
        this.containers = containers;
        this.recovery = recovery;
    }

    @Override
    public Optional<String> unavailable() {
        return DockerEngines.unavailable(docker, engine.host());
    }

    @Override
    public SandboxOutcome run(SandboxSpec spec, CancelHandle cancel, LiveOutput live) {
        Instant started = Instant.now();
        long deadline = System.nanoTime() + spec.timeout().toNanos();
        BoundedOutput out = new BoundedOutput(spec.limits().outputCap(), "stdout", live);
        BoundedOutput err = new BoundedOutput(spec.limits().outputCap(), "stderr", live);
        String id = null;
        try {
            if (!images.recentlySeen(spec.image()) && !images.ensure(spec.image(), err)) {
                return SandboxOutcome.of(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
            }
            try {
                id = create.create(spec);
            } catch (NotFoundException gone) {
                // The image was removed since it was last seen here: look again (pull if need be).
                images.forget(spec.image());
                if (!images.ensure(spec.image(), err)) {
                    return SandboxOutcome.of(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
                }
                id = create.create(spec);
            }
            Optional<SandboxOutcome> early = attachAndRun(id, spec, cancel, deadline, out, err, started);
            if (early.isPresent()) {
                return early.get();
            }
            SandboxOutcome ended = containers.end(id, deadline, out, err, started);
            if (cancel.canceled()) {
                return SandboxOutcome.of(SandboxOutcome.Kind.CANCELED, ended.exitCode(), out, err, started);
            }
            return ended;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.write("\n[cynode] the job was interrupted\n".getBytes(StandardCharsets.UTF_8));
            return SandboxOutcome.of(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } catch (RuntimeException e) {
            log.warn("sandbox for job {} could not run: {}", spec.jobId(), e.getMessage());
            err.write(("[cynode] the sandbox could not run: " + Containers.reason(e) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return SandboxOutcome.of(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } finally {
            if (id != null) {
                // Removal is off the job's path (it does not change the result); leftovers of a
                // crash are removed at the next start.
                String removeId = id;
                removals.submit(() -> containers.remove(removeId));
            }
        }
    }

    /**
     * Attaches (docker-java's attach, established before the start), starts, and reads the
     * output to its end or the deadline.
     *
     * @return an outcome when the job ended early (timed out, flooded its output); empty when its output ended
     */
    private Optional<SandboxOutcome> attachAndRun(
            String id,
            SandboxSpec spec,
            CancelHandle cancel,
            long deadline,
            BoundedOutput out,
            BoundedOutput err,
            Instant started)
            throws InterruptedException {
        OutputStreams streams = new OutputStreams(out, err, spec.limits().outputReadLimit());
        try (streams) {
            docker.attachContainerCmd(id)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(streams);
            if (!streams.awaitAttached(ATTACH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the engine did not answer the attach within " + ATTACH_WAIT);
            }
            cancel.onCancel(() -> containers.kill(id));
            docker.startContainerCmd(id).exec();
            if (cancel.canceled()) {
                // Canceled between create and start: the kill above found nothing running.
                containers.kill(id);
            }
            boolean ended = streams.awaitEnd(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (streams.flooded()) {
                containers.kill(id);
                return Optional.of(SandboxOutcome.of(SandboxOutcome.Kind.OUTPUT_FLOOD, null, out, err, started));
            }
            if (!ended) {
                containers.kill(id);
                return Optional.of(SandboxOutcome.of(SandboxOutcome.Kind.TIMED_OUT, null, out, err, started));
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("closing the job's output failed: " + e.getMessage());
        }
    }

    @Override
    public void remove(String id) {
        containers.remove(id);
    }

    @Override
    public List<Leftover> leftovers() {
        return recovery.find();
    }

    @Override
    public SandboxOutcome recover(Leftover leftover, int outputCap) {
        return recovery.finish(leftover, outputCap);
    }

    @Override
    public Optional<String> useCgroupParent(String parent, int cpuShares) {
        var info = docker.infoCmd().exec();
        Optional<String> why =
                SandboxCgroup.prepare(CGROUP_ROOT, info.getCGroupDriver(), info.getCGroupVersion(), parent, cpuShares);
        if (why.isEmpty()) {
            create.underCgroup(parent);
        }
        return why;
    }

    @Override
    public void removeSharedNetwork(String name) {
        docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(n -> name.equals(n.getName()))
                .filter(n ->
                        n.getLabels() != null && "true".equals(n.getLabels().get(HardenedContainers.LABEL_MANAGED)))
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
    }
}
