package io.cynodeai.contracts.worker;

import static io.cynodeai.contracts.validation.Check.oneOf;
import static io.cynodeai.contracts.validation.Check.required;
import static io.cynodeai.contracts.validation.Check.versionOne;

import io.cynodeai.contracts.validation.Validated;
import java.time.Instant;
import java.util.Set;

/** Worker API run-job response: 200 whenever the job ran, even when the command failed. */
public record RunJobResult(
        Integer version,
        String taskId,
        String jobId,
        String status,
        Integer exitCode,
        String stdout,
        String stderr,
        Instant startedAt,
        Instant endedAt,
        Truncated truncated)
        implements Validated {

    /** The command exited 0. */
    public static final String COMPLETED = "completed";
    /** The command exited non-zero, or the sandbox could not run it. */
    public static final String FAILED = "failed";
    /** The command was killed at its timeout. */
    public static final String TIMEOUT = "timeout";

    @Override
    public void validate(String path) {
        versionOne(path, version);
        required(path, "task_id", taskId);
        required(path, "job_id", jobId);
        required(path, "status", status);
        oneOf(path, "status", status, Set.of(COMPLETED, FAILED, TIMEOUT));
        if (stdout == null || stderr == null) {
            throw io.cynodeai.contracts.validation.InvalidPayload.of(
                    io.cynodeai.contracts.validation.Check.at(path, stdout == null ? "stdout" : "stderr"),
                    "is required");
        }
        required(path, "started_at", startedAt);
        required(path, "ended_at", endedAt);
        required(path, "truncated", truncated);
    }

    public record Truncated(Boolean stdout, Boolean stderr) implements Validated {
        @Override
        public void validate(String path) {
            if (stdout == null || stderr == null) {
                throw io.cynodeai.contracts.validation.InvalidPayload.of(
                        io.cynodeai.contracts.validation.Check.at(path, stdout == null ? "stdout" : "stderr"),
                        "is required");
            }
            required(path, "stderr", stderr);
        }
    }
}
