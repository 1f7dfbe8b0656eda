package io.cynodeai.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored job of a task. {@code resultJson} is the Worker API's result as it answered;
 * {@code queuedAt} is when the job became visible to the dispatcher, {@code startedAt} its first claim.
 */
public record JobRecord(
        UUID id, JobStatus status, String resultJson, Instant queuedAt, Instant startedAt, Instant endedAt) {}
