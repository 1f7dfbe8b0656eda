package io.cynodeai.controlplane.nodeauth;

import java.util.UUID;

/** The node a request was authenticated as, and the identity epoch its JWT was issued in. */
public record NodePrincipal(UUID nodeId, String slug, int identityEpoch) {}
