package io.cynodeai.contracts.node;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /v1/nodes/register}. {@code nodeCredential} is absent when the node
 * enrolls, and required when a known node registers again (nodes.md §1). Neither secret appears
 * in {@link #toString()}.
 */
public record RegistrationRequest(
        @NotBlank(message = Wire.REQUIRED) String psk,
        @NotNull(message = Wire.REQUIRED) @Valid NodeCapabilityReport capability,

        @Size(max = 512, message = "must be at most 512 characters")
        String nodeCredential)
        implements Validated {

    /** An enrollment: the PSK and the report, no credential yet. */
    public RegistrationRequest(String psk, NodeCapabilityReport capability) {
        this(psk, capability, null);
    }

    @Override
    public String toString() {
        return "RegistrationRequest[psk=<redacted>, node_credential=<redacted>, capability=" + capability + "]";
    }
}
