package io.cynodeai.contracts.worker;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** Worker API run-job response: 200 whenever the job ran, even when the command failed. */
public record RunJobResult(
        @NotNull(message = Wire.REQUIRED) @Min(value = 1, message = "must be 1") @Max(value = 1, message = "must be 1")
        Integer version,

        @NotBlank(message = Wire.REQUIRED) String taskId,
        @NotBlank(message = Wire.REQUIRED) String jobId,

        @NotBlank(message = Wire.REQUIRED)
        @Pattern(regexp = "completed|failed|timeout", message = "must be one of [completed, failed, timeout]")
        String status,

        Integer exitCode,
        @NotNull(message = Wire.REQUIRED) String stdout,
        @NotNull(message = Wire.REQUIRED) String stderr,
        @NotNull(message = Wire.REQUIRED) Instant startedAt,
        @NotNull(message = Wire.REQUIRED) Instant endedAt,
        @NotNull(message = Wire.REQUIRED) @Valid Truncated truncated)
        implements Validated {

    /** The command exited 0. */
    public static final String COMPLETED = "completed";
    /** The command exited non-zero, or the sandbox could not run it. */
    public static final String FAILED = "failed";
    /** The command was killed at its timeout. */
    public static final String TIMEOUT = "timeout";

    public record Truncated(
            @NotNull(message = Wire.REQUIRED) Boolean stdout,
            @NotNull(message = Wire.REQUIRED) Boolean stderr) {}
}
