package io.cynodeai.contracts.worker;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.List;

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
        @NotNull(message = Wire.REQUIRED) @Valid Truncated truncated,
        List<@NotNull(message = "must not be null") @Valid Artifact> artifacts,
        List<@NotNull(message = "must not be null") @Valid Omitted> artifactsOmitted)
        implements Validated {

    /** A Phase 1 result: no artifacts asked for. */
    public RunJobResult(
            Integer version,
            String taskId,
            String jobId,
            String status,
            Integer exitCode,
            String stdout,
            String stderr,
            Instant startedAt,
            Instant endedAt,
            Truncated truncated) {
        this(version, taskId, jobId, status, exitCode, stdout, stderr, startedAt, endedAt, truncated, null, null);
    }

    /**
     * A file the job left under {@code /workspace/out/} (extension, when the request asked for
     * them), fetched by its place in the list.
     *
     * @param name its path under {@code out/}, {@code /}-separated
     * @param sha256 when the node hashed it (the control plane hashes what arrives either way)
     */
    public record Artifact(
            @NotBlank(message = Wire.REQUIRED) String name,

            @NotNull(message = Wire.REQUIRED) @PositiveOrZero(message = "must not be negative")
            Long sizeBytes,

            @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 in hex")
            String sha256,

            @NotBlank(message = Wire.REQUIRED) String contentType) {}

    /** Something under {@code /workspace/out/} that was not collected, and why. */
    public record Omitted(
            @NotNull(message = Wire.REQUIRED) String name,
            @NotBlank(message = Wire.REQUIRED) String reason) {}

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
