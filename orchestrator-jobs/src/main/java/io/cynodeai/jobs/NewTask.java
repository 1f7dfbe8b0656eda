package io.cynodeai.jobs;

import java.util.UUID;

/**
 * A task a user asks for: who, from where (for the audit record), its name (normalised, see
 * {@link TaskNames}; null for {@code task-<n>}), its input as the user
 * gave it, and what its job runs.
 */
public record NewTask(
        UUID ownerId,
        String ownerHandle,
        String clientAddr,
        String name,
        String inputMode,
        String prompt,
        JobSpec job) {}
