package io.cynodeai.contracts.node;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code node_configuration_payload_v1}: what the control plane wants a node to run. */
public record NodeConfigurationPayload(
        @NotNull(message = Wire.REQUIRED) @Min(value = 1, message = "must be 1") @Max(value = 1, message = "must be 1")
        Integer version,

        @NotBlank(message = Wire.REQUIRED) String configVersion,
        @NotNull(message = Wire.REQUIRED) Instant issuedAt,
        @NotBlank(message = Wire.REQUIRED) String nodeSlug,
        @NotNull(message = Wire.REQUIRED) @Valid Orchestrator orchestrator,
        @NotNull(message = Wire.REQUIRED) @Valid SandboxRegistry sandboxRegistry,
        @NotNull(message = Wire.REQUIRED) @Valid ModelCache modelCache,
        @NotNull(message = Wire.REQUIRED) @Valid Policy policy,
        @Valid WorkerApi workerApi,
        @Valid InferenceBackend inferenceBackend,
        String notes,
        @Valid Constraints constraints)
        implements Validated {

    public record Orchestrator(
            @NotBlank(message = Wire.REQUIRED) String baseUrl,
            @NotNull(message = Wire.REQUIRED) @Valid Endpoints endpoints) {}

    public record Endpoints(
            @NotBlank(message = Wire.REQUIRED) String workerApiTargetUrl,
            @NotBlank(message = Wire.REQUIRED) String nodeReportUrl) {}

    public record SandboxRegistry(
            @NotBlank(message = Wire.REQUIRED) String registryUrl,
            Boolean requireDigestPinning,
            String pullToken,
            Instant pullTokenExpiresAt) {

        @Override
        public String toString() {
            return "SandboxRegistry[registry_url=" + registryUrl + ", require_digest_pinning=" + requireDigestPinning
                    + ", pull_token=<redacted>]";
        }
    }

    public record ModelCache(
            @NotBlank(message = Wire.REQUIRED) String cacheUrl, String pullToken, Instant pullTokenExpiresAt) {

        @Override
        public String toString() {
            return "ModelCache[cache_url=" + cacheUrl + ", pull_token=<redacted>]";
        }
    }

    public record Policy(
            @Valid SandboxPolicy sandbox, @Valid UpdatePolicy updates) {}

    public record SandboxPolicy(
            List<String> allowedImages,

            @Pattern(regexp = "none|restricted", message = "must be one of [none, restricted]")
            String defaultNetworkPolicy,

            List<String> allowedEgressDomains,
            Boolean allowPrivileged,
            Boolean allowHostNetwork) {}

    public record UpdatePolicy(
            Boolean enableDynamicConfig,
            @Positive(message = "must be positive") Integer pollIntervalSeconds,
            Boolean allowServiceRestart) {}

    /** Worker API connectivity; the bearer token is a secret and is redacted in {@link #toString()}. */
    public record WorkerApi(String orchestratorBearerToken, Instant orchestratorBearerTokenExpiresAt) {
        @Override
        public String toString() {
            return "WorkerApi[orchestrator_bearer_token=<redacted>, orchestrator_bearer_token_expires_at="
                    + orchestratorBearerTokenExpiresAt + "]";
        }
    }

    public record InferenceBackend(
            @NotNull(message = Wire.REQUIRED) Boolean enabled,
            String image,
            @Positive(message = "must be positive") Integer port,
            Map<String, String> env,
            List<String> selectedModels) {}

    public record Constraints(
            Long maxRequestBytes,
            @Positive(message = "must be positive") Integer maxJobTimeoutSeconds) {}
}
