package io.cynodeai.gateway.task;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.jobs.TaskReads;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A task as a user addresses it (tasks.md §2): its UUID or its name; another user's, by either, is not found. */
@Component
class TaskRefs {
    private final TaskReads reads;

    TaskRefs(TaskReads reads) {
        this.reads = reads;
    }

    /** The caller's task with that id or name; 404 for another user's task as for none. */
    TaskRecord owned(UUID owner, String ref) {
        UUID id = uuid(ref);
        return (id == null ? Optional.<TaskRecord>empty() : reads.find(owner, id))
                .or(() -> reads.findByName(owner, ref))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no task of yours is '" + ref + "'"));
    }

    /** The id of the task {@code ref} names: a UUID as it is (its reads say 404 when it is not one of yours), a name looked up. */
    UUID id(UUID owner, String ref) {
        UUID id = uuid(ref);
        return id != null ? id : owned(owner, ref).id();
    }

    private static UUID uuid(String ref) {
        try {
            return ref.length() == 36 ? UUID.fromString(ref) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
