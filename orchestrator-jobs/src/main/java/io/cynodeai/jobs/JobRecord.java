package io.cynodeai.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored job of a task. {@code resultJson} is the Worker API's result as it answered;
 * {@code queuedAt} is when the job became visible to the dispatcher, {@code startedAt} its first
 * claim; {@code nodeSlug} the node it ran on (null for a model's answer, or before a claim).
 */
public record JobRecord(
        UUID id,
        JobStatus status,
        String nodeSlug,
        String resultJson,
        Instant queuedAt,
        Instant startedAt,
        Instant endedAt) {}
