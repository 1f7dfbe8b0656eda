package io.cynodeai.jobs;

import java.util.List;
import java.util.UUID;

/**
 * A task a user asks for: who, from where (for the audit record), its name (normalised, see
 * {@link TaskNames}; null for {@code task-<n>}), its input as the user
 * gave it, what its job runs, and the names its attachments are listed by.
 */
public record NewTask(
        UUID ownerId,
        String ownerHandle,
        String clientAddr,
        String name,
        String inputMode,
        String prompt,
        JobSpec job,
        List<String> attachments) {

    public NewTask {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A task without attachments. */
    public NewTask(
            UUID ownerId,
            String ownerHandle,
            String clientAddr,
            String name,
            String inputMode,
            String prompt,
            JobSpec job) {
        this(ownerId, ownerHandle, clientAddr, name, inputMode, prompt, job, List.of());
    }
}
