package io.cynodeai.contracts.worker;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** Worker API run-job request ({@code POST /v1/worker/jobs:run}). */
public record RunJobRequest(
        @NotNull(message = Wire.REQUIRED) @Min(value = 1, message = "must be 1") @Max(value = 1, message = "must be 1")
        Integer version,

        @NotNull(message = Wire.REQUIRED) @Pattern(regexp = Wire.UUID, message = "must be a UUID")
        String taskId,

        @NotNull(message = Wire.REQUIRED) @Pattern(regexp = Wire.UUID, message = "must be a UUID")
        String jobId,

        @NotNull(message = Wire.REQUIRED) @Valid Sandbox sandbox,

        @Size(max = FileRules.MAX_ATTACHMENTS, message = "must be at most " + FileRules.MAX_ATTACHMENTS + " files")
        List<@NotNull(message = "must not be null") @Valid FileRef> attachments,

        @Valid CollectArtifacts artifacts)
        implements Validated {

    /** A Phase 1 request: no files in, none collected. */
    public RunJobRequest(Integer version, String taskId, String jobId, Sandbox sandbox) {
        this(version, taskId, jobId, sandbox, null, null);
    }

    /**
     * An attachment (extension, tasks.md §5): sent as a part of a {@code multipart/form-data}
     * request whose {@code request} part is this object; placed read-only at {@code
     * /workspace/attachments/<name>} before the job starts, and checked against its size ({@code
     * sha256}, as the orchestrator stored it, is informative: a node need not hash it again).
     */
    public record FileRef(
            @NotNull(message = Wire.REQUIRED) String name,

            @NotNull(message = Wire.REQUIRED) @PositiveOrZero(message = "must not be negative")
            Long sizeBytes,

            @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 in hex")
            String sha256) {}

    /**
     * Extension: collect the regular files the job leaves under {@code /workspace/out/}, up to
     * these limits, for {@code GET /v1/worker/jobs/{job_id}/artifacts/{index}}.
     */
    public record CollectArtifacts(
            @NotNull(message = Wire.REQUIRED) @PositiveOrZero(message = "must not be negative")
            Integer maxFiles,

            @NotNull(message = Wire.REQUIRED) @PositiveOrZero(message = "must not be negative")
            Long maxBytes) {}

    /**
     * @param env names are non-empty without '=', values are strings
     */
    public record Sandbox(
            @NotBlank(message = Wire.REQUIRED) String image,
            @NotEmpty(message = "must not be empty") List<@NotNull(message = "must not be null") String> command,
            Map<
                            @NotEmpty(message = "must be a non-empty name without '=' and a string value")
                            @Pattern(
                                    regexp = "[^=]+",
                                    message = "must be a non-empty name without '=' and a string value")
                            String,
                            @NotNull(message = "must be a non-empty name without '=' and a string value") String>
                    env,
            @Positive(message = "must be positive") Integer timeoutSeconds,

            @Pattern(regexp = "none|restricted", message = "must be one of [none, restricted]")
            String networkPolicy) {}
}
