package io.cynodeai.contracts.node;

import static io.cynodeai.contracts.validation.Check.required;

import io.cynodeai.contracts.validation.Validated;

/** Body of {@code POST /v1/nodes/register}. The PSK never appears in {@link #toString()}. */
public record RegistrationRequest(String psk, NodeCapabilityReport capability) implements Validated {
    @Override
    public void validate(String path) {
        required(path, "psk", psk);
        required(path, "capability", capability);
    }

    @Override
    public String toString() {
        return "RegistrationRequest[psk=<redacted>, capability=" + capability + "]";
    }
}
