package io.cynodeai.gateway.nodes;

import java.time.Instant;
import java.util.List;

/**
 * A node as an administrator sees it (nodes.md §2, admin view).
 *
 * @param status {@code active}, {@code draining}, {@code unreachable} (active or draining, but
 *     not heard from for {@code cynode.nodes.unreachable-after}, 15 s), {@code revoked} or {@code pending}
 *     (reset: the slug may be enrolled again)
 * @param models the ids of the models the node's inference backend reported
 */
public record NodeView(
        String nodeSlug,
        String name,
        String status,
        List<String> labels,
        int maxConcurrency,
        int runningJobs,
        List<String> models,
        Instant lastSeenAt,
        Long configVersionApplied,
        String workerApiUrl) {

    /** Every node, by slug. */
    public record NodeList(List<NodeView> nodes) {}
}
