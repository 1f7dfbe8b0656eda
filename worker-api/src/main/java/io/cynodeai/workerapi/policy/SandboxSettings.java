package io.cynodeai.workerapi.policy;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The node's local sandbox limits (from its YAML, passed in by the node-manager). The
 * orchestrator's policy file can only tighten them.
 *
 * @param allowedImages images this node allows; empty = any the orchestrator allows (without a
 *     policy file, none: the list fails closed)
 * @param nproc RLIMIT_NPROC of the sandbox user (counted across its sandboxes; the PID limit is per container)
 * @param user the user sandboxes run as (non-root)
 * @param outputCap the most stdout (and, separately, stderr) kept per job
 * @param maxRequestBytes the node's own request body limit
 * @param resultRetention how long a finished job's result is kept for a repeated run request
 * @param resultSweepEvery how often results past their retention are forgotten
 * @param policyFile the orchestrator policy the node-manager writes (JSON); empty = none yet
 * @param workspaceRoot where per-task workspaces live on the host
 * @param dockerHost the engine API ({@code unix://...}); empty = {@code DOCKER_HOST}, else the usual sockets
 * @param workspaceRetention how long a task's workspace is kept after its last job here
 * @param workspaceSweepEvery how often workspaces idle past their retention are removed
 * @param maxWorkspace the size of each task's workspace filesystem: no job writes past it
 * @param maxOutputRead the most output (both streams) read from a job; one that prints more is
 *     stopped, since relaying a flood costs the node CPU outside any sandbox quota (past {@code
 *     outputCap} it is discarded anyway)
 * @param cgroupParent the cgroup sandboxes (and their conmon) are created under, prepared with
 *     {@code cgroupCpuShares}, when the engine's cgroup driver is cgroupfs; empty = the engine's
 *     default
 * @param cgroupCpuShares that cgroup's CPU weight in cgroup v1 units (1024 = an ordinary group):
 *     under contention the machine's other work comes first, without it sandboxes use every idle
 *     core
 * @param node the node's slug: its sandboxes carry it in their name and a label, so nodes that
 *     share one container engine never take (or recover) each other's (nodes.md §3)
 */
@ConfigurationProperties("cynode.sandbox")
public record SandboxSettings(
        @DefaultValue List<String> allowedImages,
        @DefaultValue("none") String defaultNetworkPolicy,
        @DefaultValue("1.0") double maxCpuCores,
        @DefaultValue("512MB") DataSize maxMemory,
        @DefaultValue("256") long maxPids,
        @DefaultValue("1024") long nofile,
        @DefaultValue("8192") long nproc,
        @DefaultValue("5m") Duration defaultTimeout,
        @DefaultValue("1h") Duration maxTimeout,
        @DefaultValue("4") int maxConcurrency,
        @DefaultValue("256KB") DataSize outputCap,
        @DefaultValue("64MB") DataSize tmpSize,
        @DefaultValue("65534:65534") String user,
        @DefaultValue("10MB") DataSize maxRequestBytes,
        @DefaultValue("1h") Duration resultRetention,
        @DefaultValue("60s") Duration resultSweepEvery,
        String policyFile,
        @DefaultValue(".cynode/workspaces") String workspaceRoot,
        String dockerHost,
        @DefaultValue("24h") Duration workspaceRetention,
        @DefaultValue("10m") Duration workspaceSweepEvery,
        @DefaultValue("1GB") DataSize maxWorkspace,
        @DefaultValue("64MB") DataSize maxOutputRead,
        @DefaultValue("/cynode_sandboxes") String cgroupParent,
        @DefaultValue("64") int cgroupCpuShares,
        @DefaultValue("node") String node) {}
