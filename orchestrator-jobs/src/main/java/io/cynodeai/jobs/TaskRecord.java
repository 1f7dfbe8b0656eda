package io.cynodeai.jobs;

import java.time.Instant;
import java.util.UUID;

/** A stored task. */
public record TaskRecord(
        UUID id,
        UUID ownerId,
        String name,
        String prompt,
        String inputMode,
        TaskStatus status,
        String summary,
        Instant createdAt,
        Instant updatedAt) {}
