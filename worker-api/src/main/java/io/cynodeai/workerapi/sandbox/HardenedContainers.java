package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import io.cynodeai.workerapi.policy.SandboxSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Creates a job's container, labelled for recovery and locked down: non-root, no capabilities,
 * no new privileges, read-only root, limits on CPU, memory, PIDs and files, its task's workspace
 * as the only writable mount besides a small {@code /tmp} (its attachments read-only within it),
 * the least CPU weight.
 */
@Component
class HardenedContainers {
    static final String LABEL_MANAGED = "io.cynode.managed";
    static final String LABEL_TASK = "io.cynode.task_id";
    static final String LABEL_JOB = "io.cynode.job_id";
    static final String LABEL_DEADLINE = "io.cynode.deadline";
    /** The node whose sandbox it is ({@code cynode.sandbox.node}). */
    static final String LABEL_NODE = "io.cynode.node";

    /**
     * Each sandbox's CPU weight within its parent cgroup: the least, so the container management
     * beside it (conmon, runc, the engine's clean-up) runs first, and sandboxes share the rest
     * equally among themselves.
     */
    static final int SANDBOX_CPU_SHARES = 2;

    private final DockerClient docker;
    private final Clock clock;
    private final String node;
    private volatile String cgroupParent;

    HardenedContainers(Engine engine, Clock clock, SandboxSettings local) {
        this.docker = engine.docker();
        this.clock = clock;
        this.node = local.node();
    }

    /** Sandboxes are created under this cgroup from now on. */
    void underCgroup(String parent) {
        this.cgroupParent = parent;
    }

    /** @return the container's id */
    String create(SandboxSpec spec) {
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        return docker.createContainerCmd(spec.image())
                // the job id first: one job may have run on two nodes sharing this engine
                .withName("cynode-job-" + spec.jobId() + "-" + node)
                .withCmd(spec.command())
                .withEntrypoint(List.of())
                .withEnv(env)
                .withWorkingDir("/workspace")
                .withUser(spec.limits().user())
                .withLabels(labels(spec))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .withTty(false)
                .withHostConfig(hostConfig(spec, cgroupParent))
                .exec()
                .getId();
    }

    Map<String, String> labels(SandboxSpec spec) {
        return Map.of(
                LABEL_MANAGED, "true",
                LABEL_TASK, spec.taskId(),
                LABEL_JOB, spec.jobId(),
                LABEL_NODE, node,
                LABEL_DEADLINE,
                        Long.toString(Instant.now(clock).plus(spec.timeout()).getEpochSecond()));
    }

    static HostConfig hostConfig(SandboxSpec spec, String cgroupParent) {
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
                .withBinds(binds(spec));
        if (cgroupParent != null) {
            host.withCgroupParent(cgroupParent);
        }
        return host;
    }

    /** The workspace, and over its {@code attachments/} the job's attachments, read-only. */
    private static List<Bind> binds(SandboxSpec spec) {
        Bind workspace = new Bind(spec.workspace().toString(), new Volume("/workspace"));
        if (spec.attachments() == null) {
            return List.of(workspace);
        }
        return List.of(
                workspace,
                new Bind(spec.attachments().toString(), new Volume("/workspace/attachments"), AccessMode.ro));
    }
}
