package io.cynodeai.contracts.node;

import static io.cynodeai.contracts.validation.Check.oneOf;
import static io.cynodeai.contracts.validation.Check.optional;
import static io.cynodeai.contracts.validation.Check.positive;
import static io.cynodeai.contracts.validation.Check.required;
import static io.cynodeai.contracts.validation.Check.versionOne;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.worker.NetworkPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code node_configuration_payload_v1}: what the control plane wants a node to run. */
public record NodeConfigurationPayload(
        Integer version,
        String configVersion,
        Instant issuedAt,
        String nodeSlug,
        Orchestrator orchestrator,
        SandboxRegistry sandboxRegistry,
        ModelCache modelCache,
        Policy policy,
        WorkerApi workerApi,
        InferenceBackend inferenceBackend,
        String notes,
        Constraints constraints)
        implements Validated {

    @Override
    public void validate(String path) {
        versionOne(path, version);
        required(path, "config_version", configVersion);
        required(path, "issued_at", issuedAt);
        required(path, "node_slug", nodeSlug);
        required(path, "orchestrator", orchestrator);
        required(path, "sandbox_registry", sandboxRegistry);
        required(path, "model_cache", modelCache);
        required(path, "policy", policy);
        optional(path, "worker_api", workerApi);
        optional(path, "inference_backend", inferenceBackend);
        optional(path, "constraints", constraints);
    }

    public record Orchestrator(String baseUrl, Endpoints endpoints) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "base_url", baseUrl);
            required(path, "endpoints", endpoints);
        }
    }

    public record Endpoints(String workerApiTargetUrl, String nodeReportUrl) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "worker_api_target_url", workerApiTargetUrl);
            required(path, "node_report_url", nodeReportUrl);
        }
    }

    public record SandboxRegistry(
            String registryUrl, Boolean requireDigestPinning, String pullToken, Instant pullTokenExpiresAt)
            implements Validated {
        @Override
        public void validate(String path) {
            required(path, "registry_url", registryUrl);
        }

        @Override
        public String toString() {
            return "SandboxRegistry[registry_url=" + registryUrl + ", require_digest_pinning=" + requireDigestPinning
                    + ", pull_token=<redacted>]";
        }
    }

    public record ModelCache(String cacheUrl, String pullToken, Instant pullTokenExpiresAt) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "cache_url", cacheUrl);
        }

        @Override
        public String toString() {
            return "ModelCache[cache_url=" + cacheUrl + ", pull_token=<redacted>]";
        }
    }

    public record Policy(SandboxPolicy sandbox, UpdatePolicy updates) implements Validated {
        @Override
        public void validate(String path) {
            optional(path, "sandbox", sandbox);
            optional(path, "updates", updates);
        }
    }

    public record SandboxPolicy(
            List<String> allowedImages,
            String defaultNetworkPolicy,
            List<String> allowedEgressDomains,
            Boolean allowPrivileged,
            Boolean allowHostNetwork)
            implements Validated {
        @Override
        public void validate(String path) {
            oneOf(path, "default_network_policy", defaultNetworkPolicy, NetworkPolicy.WIRE_VALUES);
        }
    }

    public record UpdatePolicy(Boolean enableDynamicConfig, Integer pollIntervalSeconds, Boolean allowServiceRestart)
            implements Validated {
        @Override
        public void validate(String path) {
            positive(path, "poll_interval_seconds", pollIntervalSeconds);
        }
    }

    /** Worker API connectivity; the bearer token is a secret and is redacted in {@link #toString()}. */
    public record WorkerApi(String orchestratorBearerToken, Instant orchestratorBearerTokenExpiresAt)
            implements Validated {
        @Override
        public void validate(String path) {}

        @Override
        public String toString() {
            return "WorkerApi[orchestrator_bearer_token=<redacted>, orchestrator_bearer_token_expires_at="
                    + orchestratorBearerTokenExpiresAt + "]";
        }
    }

    public record InferenceBackend(Boolean enabled, String image, Integer port, Map<String, String> env)
            implements Validated {
        @Override
        public void validate(String path) {
            required(path, "enabled", enabled);
            positive(path, "port", port);
        }
    }

    public record Constraints(Long maxRequestBytes, Integer maxJobTimeoutSeconds) implements Validated {
        @Override
        public void validate(String path) {
            positive(path, "max_job_timeout_seconds", maxJobTimeoutSeconds);
        }
    }
}
