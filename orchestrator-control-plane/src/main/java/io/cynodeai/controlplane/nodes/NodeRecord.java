package io.cynodeai.controlplane.nodes;

import java.util.UUID;

/** A registered node as the control plane knows it. */
public record NodeRecord(
        UUID id,
        String slug,
        String name,
        String status,
        String workerApiUrl,
        String capabilityHash,
        int maxConcurrency,
        boolean inferenceSupported,
        Long appliedConfigVersion) {}
