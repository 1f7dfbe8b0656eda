package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container runtime over the Docker Engine API (docker-java). Per job: create (labelled,
 * hardened, limited) → attach → start → read both streams to their end → inspect the exit
 * code → remove. Attaching before start avoids the compat {@code wait} endpoint, which is slow
 * on Podman 4, and loses no output.
 */
final class DockerRuntime implements ContainerRuntime {
    static final String LABEL_MANAGED = "io.cynode.managed";
    static final String LABEL_TASK = "io.cynode.task_id";
    static final String LABEL_JOB = "io.cynode.job_id";
    static final String LABEL_DEADLINE = "io.cynode.deadline";
    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);

    private final DockerClient docker;
    private final String host;
    private static final Duration IMAGE_SEEN_FOR = Duration.ofSeconds(30);

    /**
     * Each sandbox's CPU weight within its parent cgroup: the least, so the container management
     * beside it (conmon, runc, the engine's clean-up) runs first, and sandboxes share the rest
     * equally among themselves.
     */
    private static final int SANDBOX_CPU_SHARES = 2;

    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private volatile String cgroupParent;
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Instant> imagesSeen = new ConcurrentHashMap<>();

    DockerRuntime(String dockerHost) {
        this.host = dockerHost;
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    /** {@code DOCKER_HOST}, else the first usual Docker or Podman socket that exists. */
    static String discoverHost() {
        String env = System.getenv("DOCKER_HOST");
        if (env != null && !env.isBlank()) {
            return env;
        }
        List<String> candidates = new ArrayList<>(List.of("/run/podman/podman.sock", "/var/run/docker.sock"));
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null) {
            candidates.add(0, xdg + "/podman/podman.sock");
        }
        return candidates.stream()
                .filter(p -> Files.exists(Path.of(p)))
                .findFirst()
                .map(p -> "unix://" + p)
                .orElse("unix:///var/run/docker.sock");
    }

    @Override
    public Optional<String> unavailable() {
        try {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the container runtime at " + host + " does not answer");
        }
    }

    @Override
    public SandboxOutcome run(SandboxSpec spec, CancelHandle cancel) {
        Instant started = Instant.now();
        long deadline = System.nanoTime() + spec.timeout().toNanos();
        BoundedOutput out = new BoundedOutput(spec.limits().outputCap());
        BoundedOutput err = new BoundedOutput(spec.limits().outputCap());
        String id = null;
        try {
            if (!recentlySeen(spec.image()) && !ensureImage(spec.image(), err)) {
                return outcome(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
            }
            try {
                id = create(spec);
            } catch (NotFoundException gone) {
                // The image was removed since it was last seen here: look again (pull if need be).
                imagesSeen.remove(spec.image());
                if (!ensureImage(spec.image(), err)) {
                    return outcome(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
                }
                id = create(spec);
            }
            String containerId = id;
            try (EngineAttach attach = EngineAttach.open(host, id)) {
                cancel.onCancel(() -> kill(containerId));
                docker.startContainerCmd(id).exec();
                if (cancel.canceled()) {
                    // Canceled between create and start: the kill above found nothing running.
                    kill(id);
                }
                Future<Boolean> pump =
                        streams.submit(() -> attach.pump(out, err, spec.limits().outputReadLimit()));
                try {
                    if (!pump.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        kill(id);
                        return outcome(SandboxOutcome.Kind.OUTPUT_FLOOD, null, out, err, started);
                    }
                } catch (TimeoutException e) {
                    kill(id);
                    pump.cancel(true);
                    return outcome(SandboxOutcome.Kind.TIMED_OUT, null, out, err, started);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(
                            "reading the job's output failed: " + e.getCause().getMessage());
                }
            } catch (IOException e) {
                throw new IllegalStateException("attaching to the container failed: " + e.getMessage());
            }
            Optional<Integer> code = exitCode(id, deadline);
            if (cancel.canceled()) {
                return outcome(SandboxOutcome.Kind.CANCELED, code.orElse(null), out, err, started);
            }
            if (code.isEmpty()) {
                kill(id);
                return outcome(SandboxOutcome.Kind.TIMED_OUT, null, out, err, started);
            }
            return outcome(SandboxOutcome.Kind.EXITED, code.get(), out, err, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.write(("\n[cynode] the job was interrupted\n").getBytes());
            return outcome(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } catch (RuntimeException e) {
            log.warn("sandbox for job {} could not run: {}", spec.jobId(), e.getMessage());
            err.write(("[cynode] the sandbox could not run: " + safeMessage(e) + "\n").getBytes());
            return outcome(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } finally {
            if (id != null) {
                // Removal is off the job's path (it does not change the result); leftovers of a
                // crash are removed at the next start.
                String removeId = id;
                streams.submit(() -> remove(removeId));
            }
        }
    }

    /**
     * The job's exit code, read only once the engine says the container no longer runs. Read at
     * once when the output ended, it came back 0 for a non-zero exit now and then under CPU load;
     * and a job can close its output and go on running.
     *
     * @return empty when the container still runs at {@code deadline} (a job that closed its
     *     output and went on)
     */
    private Optional<Integer> exitCode(String id, long deadline) throws InterruptedException {
        long pauseMillis = 1;
        while (true) {
            var state = docker.inspectContainerCmd(id).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                Long code = state.getExitCodeLong();
                return Optional.of(code == null ? -1 : code.intValue());
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    private String create(SandboxSpec spec) {
        SandboxSpec.Limits l = spec.limits();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(spec.networkMode())
                .withNanoCPUs((long) (l.cpuCores() * 1_000_000_000L))
                .withCpuShares(SANDBOX_CPU_SHARES)
                .withMemory(l.memoryBytes())
                .withMemorySwap(l.memoryBytes())
                .withPidsLimit(l.pids())
                // Both set explicitly: runc cannot start a container that inherits the engine's limits here.
                .withUlimits(List.of(
                        new Ulimit("nofile", l.nofile(), l.nofile()), new Ulimit("nproc", l.nproc(), l.nproc())))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withPrivileged(false)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=" + l.tmpBytes()))
                .withBinds(new Bind(spec.workspace().toString(), new Volume("/workspace")));
        if (cgroupParent != null) {
            host.withCgroupParent(cgroupParent);
        }
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        CreateContainerResponse created = docker.createContainerCmd(spec.image())
                .withName("cynode-job-" + spec.jobId())
                .withCmd(spec.command())
                .withEntrypoint(List.of())
                .withEnv(env)
                .withWorkingDir("/workspace")
                .withUser(l.user())
                .withLabels(Map.of(
                        LABEL_MANAGED, "true",
                        LABEL_TASK, spec.taskId(),
                        LABEL_JOB, spec.jobId(),
                        LABEL_DEADLINE,
                                Long.toString(Instant.now().plus(spec.timeout()).getEpochSecond())))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false)
                .withHostConfig(host)
                .exec();
        return created.getId();
    }

    /** Saves the engine a look-up per job: an image seen moments ago is assumed still there. */
    private boolean recentlySeen(String image) {
        Instant seen = imagesSeen.get(image);
        return seen != null && seen.isAfter(Instant.now().minus(IMAGE_SEEN_FOR));
    }

    private boolean ensureImage(String image, BoundedOutput err) throws InterruptedException {
        try {
            docker.inspectImageCmd(image).exec();
            imagesSeen.put(image, Instant.now());
            return true;
        } catch (NotFoundException missing) {
            // Podman's pull stream does not fit docker-java's own pull callback: read it ourselves.
            var pull = new ResultCallback.Adapter<PullResponseItem>() {
                volatile String error;

                @Override
                public void onNext(PullResponseItem item) {
                    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                        error = item.getErrorDetail().getMessage();
                    } else if (item.getError() != null) {
                        error = item.getError();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    error = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                    super.onError(t);
                }
            };
            try {
                docker.pullImageCmd(image).exec(pull);
                boolean done = pull.awaitCompletion(120, TimeUnit.SECONDS);
                if (done && pull.error == null && exists(image)) {
                    imagesSeen.put(image, Instant.now());
                    return true;
                }
                String why = !done ? "pulling it timed out" : "it could not be pulled: " + trim(pull.error);
                err.write(("[cynode] image " + image + " is not on this node and " + why + "\n").getBytes());
            } catch (RuntimeException e) {
                err.write(("[cynode] image " + image + " is not on this node and could not be pulled: " + safeMessage(e)
                                + "\n")
                        .getBytes());
            }
            return false;
        }
    }

    private boolean exists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static String trim(String s) {
        if (s == null) {
            return "no reason given";
        }
        s = s.strip();
        return s.length() > 300 ? s.substring(0, 300) : s;
    }

    private void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    @Override
    public void remove(String id) {
        try {
            docker.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException ignored) {
            // already removed
        } catch (RuntimeException e) {
            log.warn("could not remove sandbox container {}: {}", id, e.getMessage());
        }
    }

    @Override
    public List<Leftover> leftovers() {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(LABEL_MANAGED, "true"))
                .exec()
                .stream()
                .map(c -> {
                    Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
                    String deadline = labels.get(LABEL_DEADLINE);
                    return new Leftover(
                            c.getId(),
                            labels.get(LABEL_TASK),
                            labels.get(LABEL_JOB),
                            deadline == null ? Instant.now() : Instant.ofEpochSecond(Long.parseLong(deadline)));
                })
                .toList();
    }

    @Override
    public SandboxOutcome recover(Leftover leftover, int outputCap) {
        BoundedOutput out = new BoundedOutput(outputCap);
        BoundedOutput err = new BoundedOutput(outputCap);
        Instant started = Instant.now();
        try {
            var state =
                    docker.inspectContainerCmd(leftover.containerId()).exec().getState();
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
            docker.logContainerCmd(leftover.containerId())
                    .withStdOut(true)
                    .withStdErr(true)
                    .withFollowStream(true)
                    .exec(logs);
            Duration left = Duration.between(Instant.now(), leftover.deadline());
            if (!logs.awaitCompletion(Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS)) {
                kill(leftover.containerId());
                logs.close();
                return outcome(SandboxOutcome.Kind.TIMED_OUT, null, out, err, started);
            }
            long deadline = System.nanoTime()
                    + Math.max(
                            0,
                            Duration.between(Instant.now(), leftover.deadline()).toNanos());
            Optional<Integer> code = exitCode(leftover.containerId(), deadline);
            if (code.isEmpty()) {
                kill(leftover.containerId());
                return outcome(SandboxOutcome.Kind.TIMED_OUT, null, out, err, started);
            }
            return outcome(SandboxOutcome.Kind.EXITED, code.get(), out, err, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return outcome(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } catch (IOException | RuntimeException e) {
            err.write(("[cynode] the job's container could not be recovered after a worker restart: "
                            + e.getClass().getSimpleName() + "\n")
                    .getBytes());
            return outcome(SandboxOutcome.Kind.COULD_NOT_RUN, null, out, err, started);
        } finally {
            remove(leftover.containerId());
        }
    }

    @Override
    public Optional<String> useCgroupParent(String parent, int cpuShares) {
        var info = docker.infoCmd().exec();
        Optional<String> why =
                SandboxCgroup.prepare(CGROUP_ROOT, info.getCGroupDriver(), info.getCGroupVersion(), parent, cpuShares);
        if (why.isEmpty()) {
            cgroupParent = parent;
        }
        return why;
    }

    @Override
    public void ensureRestrictedNetwork(String name) {
        boolean exists =
                docker.listNetworksCmd().withNameFilter(name).exec().stream().anyMatch(n -> name.equals(n.getName()));
        if (!exists) {
            docker.createNetworkCmd()
                    .withName(name)
                    .withInternal(true)
                    .withLabels(Map.of(LABEL_MANAGED, "true"))
                    .exec();
        }
    }

    private static SandboxOutcome outcome(
            SandboxOutcome.Kind kind, Integer code, BoundedOutput out, BoundedOutput err, Instant started) {
        return new SandboxOutcome(
                kind, code, out.text(), err.text(), out.truncated(), err.truncated(), started, Instant.now());
    }

    private static String safeMessage(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }
}
