package io.cynodeai.contracts.node;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /v1/nodes/register}. The PSK never appears in {@link #toString()}. */
public record RegistrationRequest(
        @NotBlank(message = Wire.REQUIRED) String psk,
        @NotNull(message = Wire.REQUIRED) @Valid NodeCapabilityReport capability)
        implements Validated {
    @Override
    public String toString() {
        return "RegistrationRequest[psk=<redacted>, capability=" + capability + "]";
    }
}
