package io.cynodeai.workerapi.sandbox;

import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.serviceweb.health.ReadinessCheck;
import io.cynodeai.workerapi.policy.NodePolicy;
import io.cynodeai.workerapi.policy.SandboxSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Turns a run-job request into a sandbox run under the node's policy, and the outcome into the
 * wire result (public entry point of this capability).
 */
@Service
public class Sandboxes implements ReadinessCheck, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);

    /**
     * Both network policies give a sandbox a network namespace of its own with only loopback in
     * it. Phase 1's {@code restricted} put sandboxes on one internal engine network: no route off
     * the host, but each could reach the others and every host service listening on the bridge
     * (the orchestrator's ports included), which was all there was to reach. Destinations a
     * restricted sandbox may reach (an egress proxy) would be added here, one namespace each.
     */
    static final String SANDBOX_NETWORK = "none";

    /** The engine network Phase 1's restricted sandboxes shared, removed at start. */
    static final String SHARED_NETWORK = "cynode-restricted";

    private final ContainerRuntime runtime;
    private final NodePolicy policy;
    private final Workspaces workspaces;
    private final WorkspaceFiles files;
    private final SandboxResults results;
    private volatile boolean running;
    private volatile Optional<String> workspacesUnavailable = Optional.empty();

    Sandboxes(ContainerRuntime runtime, NodePolicy policy, Workspaces workspaces, WorkspaceFiles files) {
        this.runtime = runtime;
        this.policy = policy;
        this.workspaces = workspaces;
        this.files = files;
        this.results = new SandboxResults(policy);
    }

    /** Checks the workspaces and tidies the engine (before the web server takes requests). */
    @Override
    public void start() {
        running = true;
        workspacesUnavailable = workspaces.unavailable();
        workspacesUnavailable.ifPresentOrElse(
                why -> log.error("no job runs on this node: {}", why), workspaces::keepASpare);
        if (runtime.unavailable().isPresent()) {
            log.warn("container runtime unavailable at start; /readyz answers 503 until it answers");
            return;
        }
        try {
            runtime.removeSharedNetwork(SHARED_NETWORK);
        } catch (RuntimeException e) {
            log.warn("could not remove the network restricted sandboxes used to share: {}", e.getMessage());
        }
        placeSandboxesLow(policy.local());
    }

    /** Sandboxes under a cgroup of low CPU weight, so the machine's other work comes first. */
    private void placeSandboxesLow(SandboxSettings local) {
        if (local.cgroupParent() == null || local.cgroupParent().isBlank()) {
            return;
        }
        try {
            runtime.useCgroupParent(local.cgroupParent(), local.cgroupCpuShares())
                    .ifPresentOrElse(
                            why -> log.warn("sandboxes go where the engine puts them: {}", why),
                            () -> log.info(
                                    "sandboxes run under cgroup {} at CPU weight {} of {}",
                                    local.cgroupParent(),
                                    local.cgroupCpuShares(),
                                    SandboxCgroup.DEFAULT_SHARES));
        } catch (RuntimeException e) {
            log.warn("sandboxes go where the engine puts them: {}", e.getMessage());
        }
    }

    /**
     * Jobs an earlier worker process left running (it died): each is finished rather than run
     * again — its output read from the start, its end awaited — so a job runs once even across a
     * worker crash. Containers that belong to no job are removed.
     *
     * @return job id → its result, completed when the container ends
     */
    public Map<String, CompletableFuture<RunJobResult>> adoptLeftovers() {
        Map<String, CompletableFuture<RunJobResult>> adopted = new LinkedHashMap<>();
        if (runtime.unavailable().isPresent()) {
            return adopted;
        }
        int cap = (int) Math.min(Integer.MAX_VALUE, policy.local().outputCap().toBytes());
        for (ContainerRuntime.Leftover leftover : runtime.leftovers()) {
            if (leftover.jobId() == null || leftover.taskId() == null) {
                runtime.remove(leftover.containerId());
                continue;
            }
            log.info("adopting job {} left running by an earlier worker process", leftover.jobId());
            CompletableFuture<RunJobResult> result = new CompletableFuture<>();
            adopted.put(leftover.jobId(), result);
            workspaces.acquire(leftover.taskId());
            Thread.ofVirtual().start(() -> {
                try {
                    result.complete(results.of(
                            leftover.taskId(),
                            leftover.jobId(),
                            runtime.recover(leftover, cap),
                            "the job was canceled",
                            false,
                            null));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                } finally {
                    workspaces.release(leftover.taskId());
                }
            });
        }
        return adopted;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts taking requests. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public Optional<String> unmet() {
        return workspacesUnavailable.or(runtime::unavailable);
    }

    public boolean imageAllowed(String image) {
        return policy.imageAllowed(image);
    }

    /** Why no sandbox can run now (the engine does not answer, or workspaces cannot be mounted), if so. */
    public Optional<String> runtimeUnavailable() {
        return unmet();
    }

    /**
     * Runs the job to its end, handing its output to {@code live} as it is read; the answer is a
     * result even when the command failed.
     */
    public RunJobResult run(RunJobRequest request, CancelHandle cancel, LiveOutput live) {
        SandboxSettings local = policy.local();
        RunJobRequest.Sandbox sb = request.sandbox();
        Instant started = Instant.now();
        Path workspace = workspaces.acquire(request.taskId());
        try {
            Path attachments;
            try {
                attachments = files.place(workspace, request.jobId(), request.attachments())
                        .orElse(null);
                if (request.artifacts() != null) {
                    WorkspaceFiles.prepareOut(workspace, local.user());
                }
            } catch (IOException e) {
                return results.couldNotPlace(request, started, e.getMessage());
            }
            SandboxSpec spec = new SandboxSpec(
                    request.taskId(),
                    request.jobId(),
                    sb.image(),
                    sb.command(),
                    environment(request),
                    SANDBOX_NETWORK,
                    workspace,
                    attachments,
                    policy.timeout(sb.timeoutSeconds()),
                    new SandboxSpec.Limits(
                            local.maxCpuCores(),
                            local.maxMemory().toBytes(),
                            local.maxPids(),
                            local.nofile(),
                            local.nproc(),
                            local.tmpSize().toBytes(),
                            local.user(),
                            (int) Math.min(Integer.MAX_VALUE, local.outputCap().toBytes()),
                            local.maxOutputRead().toBytes()));
            SandboxOutcome outcome = runtime.run(spec, cancel, live);
            WorkspaceFiles.Collected collected = files.collectAsked(workspace, request);
            return results.of(
                    request.taskId(),
                    request.jobId(),
                    outcome,
                    cancel.reason(),
                    workspaces.full(request.taskId()),
                    collected);
        } finally {
            workspaces.release(request.taskId());
            files.discardIncoming(request.jobId());
        }
    }

    /**
     * Removes the workspaces of tasks idle past the retention ({@code cynode.sandbox.workspace-retention}),
     * every {@code cynode.sandbox.workspace-sweep-every}.
     */
    void removeIdleWorkspaces() {
        files.discardStaleStaging(policy.local().resultRetention());
        int n = workspaces.removeIdle();
        if (n > 0) {
            log.info("removed {} idle task workspace(s)", n);
        }
    }

    /** Request env first, then the task context, so a request cannot override {@code CYNODE_*}. */
    static Map<String, String> environment(RunJobRequest request) {
        Map<String, String> env = new LinkedHashMap<>();
        if (request.sandbox().env() != null) {
            env.putAll(request.sandbox().env());
        }
        env.put("CYNODE_TASK_ID", request.taskId());
        env.put("CYNODE_JOB_ID", request.jobId());
        env.put("CYNODE_WORKSPACE_DIR", "/workspace");
        return env;
    }
}
