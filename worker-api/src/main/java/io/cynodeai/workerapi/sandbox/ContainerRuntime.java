package io.cynodeai.workerapi.sandbox;

import java.util.List;
import java.util.Optional;

/** The container engine seam (Docker Engine API: Docker, or Podman's compatible service). */
interface ContainerRuntime {
    /**
     * Runs the spec to completion (or timeout or cancel) and removes the container in every
     * outcome; what it prints goes to {@code live} as it is read.
     */
    SandboxOutcome run(SandboxSpec spec, CancelHandle cancel, LiveOutput live);

    /** Empty when the engine answers, else why not. */
    Optional<String> unavailable();

    /** Containers with our labels left behind by an earlier worker process (running or not). */
    List<Leftover> leftovers();

    /**
     * Finishes a leftover job: reads its whole output, waits for its end (killing it at its
     * deadline), takes its exit code, and removes it.
     */
    SandboxOutcome recover(Leftover leftover, int outputCap);

    /** Removes a container (a leftover that belongs to no job). */
    void remove(String containerId);

    /** A container of ours that an earlier worker process started. */
    record Leftover(String containerId, String taskId, String jobId, java.time.Instant deadline) {}

    /**
     * Creates sandboxes from now on under {@code parent}, a cgroup prepared with that CPU weight,
     * where the engine's cgroup driver allows it.
     *
     * @return empty when it does, else why not (sandboxes then go where the engine puts them)
     */
    Optional<String> useCgroupParent(String parent, int cpuShares);

    /**
     * Removes the engine network all {@code restricted} sandboxes shared until 2026-12 (on it they
     * could reach each other and the host), when it is there and ours.
     */
    void removeSharedNetwork(String name);
}
