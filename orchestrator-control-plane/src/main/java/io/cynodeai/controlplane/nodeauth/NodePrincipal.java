package io.cynodeai.controlplane.nodeauth;

import java.util.UUID;

/** The node a request was authenticated as. */
public record NodePrincipal(UUID nodeId, String slug) {}
