package io.cynodeai.controlplane.dispatch;

import java.time.Instant;
import java.util.UUID;

/**
 * A job this process claimed, under {@code leaseId}; {@code queuedAt} is when the job became
 * visible to the dispatcher (the commit that queued it).
 */
record Claim(
        UUID jobId, UUID taskId, UUID leaseId, String payload, int attempts, Instant queuedAt, Instant claimedAt) {}
