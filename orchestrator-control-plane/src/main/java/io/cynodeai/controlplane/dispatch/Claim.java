package io.cynodeai.controlplane.dispatch;

import java.time.Instant;
import java.util.UUID;

/** A job this process claimed, under {@code leaseId}. */
record Claim(
        UUID jobId, UUID taskId, UUID leaseId, String payload, int attempts, Instant createdAt, Instant claimedAt) {}
