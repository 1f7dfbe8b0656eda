package io.cynodeai.contracts.node;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;

/** {@code node_bootstrap_payload_v1}: the registration response. */
public record NodeBootstrapPayload(
        @NotNull(message = Wire.REQUIRED) @Min(value = 1, message = "must be 1") @Max(value = 1, message = "must be 1")
        Integer version,

        @NotNull(message = Wire.REQUIRED) Instant issuedAt,
        @NotNull(message = Wire.REQUIRED) @Valid Orchestrator orchestrator,
        @NotNull(message = Wire.REQUIRED) @Valid Auth auth,
        Trust trust,
        String initialConfigVersion,
        PullCredentials pullCredentials)
        implements Validated {

    /**
     * @param alternateBaseUrls the deployment's other control planes (nodes.md §2), each serving
     *     the same endpoints under its own base URL: where the node turns when this one gives no
     *     answer; optional
     */
    public record Orchestrator(
            @NotBlank(message = Wire.REQUIRED) String baseUrl,
            @NotNull(message = Wire.REQUIRED) @Valid Endpoints endpoints,
            List<String> alternateBaseUrls) {

        public Orchestrator(String baseUrl, Endpoints endpoints) {
            this(baseUrl, endpoints, null);
        }
    }

    public record Endpoints(
            @NotBlank(message = Wire.REQUIRED) String workerRegistrationUrl,
            @NotBlank(message = Wire.REQUIRED) String nodeConfigUrl,
            @NotBlank(message = Wire.REQUIRED) String nodeReportUrl) {}

    /**
     * The node JWT, and the node credential when this answer enrolls the node or rotates its
     * credential (nodes.md §1: absent otherwise); both redacted in {@link #toString()}.
     */
    public record Auth(
            @NotBlank(message = Wire.REQUIRED) String nodeJwt,
            @NotNull(message = Wire.REQUIRED) Instant expiresAt,
            String nodeCredential) {

        public Auth(String nodeJwt, Instant expiresAt) {
            this(nodeJwt, expiresAt, null);
        }

        @Override
        public String toString() {
            return "Auth[node_jwt=<redacted>, node_credential=<redacted>, expires_at=" + expiresAt + "]";
        }
    }

    public record Trust(String caBundlePem, String pinnedSpkiSha256) {}

    /** Registry and model-cache credentials; secrets redacted in {@link #toString()}. */
    public record PullCredentials(
            @Valid SandboxRegistry sandboxRegistry, @Valid ModelCache modelCache) {}

    public record SandboxRegistry(
            @NotBlank(message = Wire.REQUIRED) String registryUrl,
            String username,
            String password,
            String token,
            Instant expiresAt) {

        @Override
        public String toString() {
            return "SandboxRegistry[registry_url=" + registryUrl + ", username=" + username
                    + ", password=<redacted>, token=<redacted>, expires_at=" + expiresAt + "]";
        }
    }

    public record ModelCache(
            @NotBlank(message = Wire.REQUIRED) String cacheUrl, String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "ModelCache[cache_url=" + cacheUrl + ", token=<redacted>, expires_at=" + expiresAt + "]";
        }
    }
}
