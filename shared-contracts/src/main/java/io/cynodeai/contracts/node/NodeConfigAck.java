package io.cynodeai.contracts.node;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;

/** {@code node_config_ack_v1}: the node's answer to a configuration version. */
public record NodeConfigAck(
        @NotNull(message = Wire.REQUIRED) @Min(value = 1, message = "must be 1") @Max(value = 1, message = "must be 1")
        Integer version,

        @NotBlank(message = Wire.REQUIRED) String nodeSlug,
        @NotBlank(message = Wire.REQUIRED) String configVersion,
        @NotNull(message = Wire.REQUIRED) Instant ackAt,

        @NotBlank(message = Wire.REQUIRED)
        @Pattern(regexp = "applied|failed|rolled_back", message = "must be one of [applied, failed, rolled_back]")
        String status,

        @Valid Error error,
        String effectiveConfigHash)
        implements Validated {

    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String ROLLED_BACK = "rolled_back";

    public record Error(
            @NotBlank(message = Wire.REQUIRED) String type,
            @NotBlank(message = Wire.REQUIRED) String message,
            Map<String, Object> details) {}
}
