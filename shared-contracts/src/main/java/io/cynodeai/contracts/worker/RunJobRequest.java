package io.cynodeai.contracts.worker;

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

        @NotNull(message = Wire.REQUIRED) @Valid Sandbox sandbox)
        implements Validated {

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
