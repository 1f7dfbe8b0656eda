package io.cynodeai.jobs;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored task. {@code exitCode} and {@code endedAt} are those of its last job (null while none
 * has ended, or when it has none).
 */
public record TaskRecord(
        UUID id,
        UUID ownerId,
        String name,
        String prompt,
        String inputMode,
        TaskStatus status,
        String summary,
        Instant createdAt,
        Instant updatedAt,
        Integer exitCode,
        Instant endedAt) {}
