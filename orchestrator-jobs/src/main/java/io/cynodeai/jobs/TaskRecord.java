package io.cynodeai.jobs;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored task. {@code exitCode} and {@code endedAt} are those of its last job (null while none
 * has ended, or when it has none); {@code attachments} the names the task object lists (tasks.md §5).
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
        Instant endedAt,
        List<String> attachments) {}
