package io.cynodeai.workerapi.sandbox;

import java.util.Optional;

/** The container engine seam (Docker Engine API: Docker, or Podman's compatible service). */
interface ContainerRuntime {
    /** Runs the spec to completion (or timeout or cancel) and removes the container in every outcome. */
    SandboxOutcome run(SandboxSpec spec, CancelHandle cancel);

    /** Empty when the engine answers, else why not. */
    Optional<String> unavailable();

    /** Removes containers with our labels left behind by an earlier process. */
    int removeLeftovers();

    /** Makes sure the restricted network exists (internal: no route off the host). */
    void ensureRestrictedNetwork(String name);
}
