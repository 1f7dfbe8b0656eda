package io.cynodeai.contracts.node;

import static io.cynodeai.contracts.validation.Check.optional;
import static io.cynodeai.contracts.validation.Check.required;
import static io.cynodeai.contracts.validation.Check.versionOne;

import io.cynodeai.contracts.validation.Validated;
import java.time.Instant;

/** {@code node_bootstrap_payload_v1}: the registration response. */
public record NodeBootstrapPayload(
        Integer version,
        Instant issuedAt,
        Orchestrator orchestrator,
        Auth auth,
        Trust trust,
        String initialConfigVersion,
        PullCredentials pullCredentials)
        implements Validated {

    @Override
    public void validate(String path) {
        versionOne(path, version);
        required(path, "issued_at", issuedAt);
        required(path, "orchestrator", orchestrator);
        required(path, "auth", auth);
    }

    public record Orchestrator(String baseUrl, Endpoints endpoints) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "base_url", baseUrl);
            required(path, "endpoints", endpoints);
        }
    }

    public record Endpoints(String workerRegistrationUrl, String nodeConfigUrl, String nodeReportUrl)
            implements Validated {
        @Override
        public void validate(String path) {
            required(path, "worker_registration_url", workerRegistrationUrl);
            required(path, "node_config_url", nodeConfigUrl);
            required(path, "node_report_url", nodeReportUrl);
        }
    }

    /** The node JWT; redacted in {@link #toString()}. */
    public record Auth(String nodeJwt, Instant expiresAt) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "node_jwt", nodeJwt);
            required(path, "expires_at", expiresAt);
        }

        @Override
        public String toString() {
            return "Auth[node_jwt=<redacted>, expires_at=" + expiresAt + "]";
        }
    }

    public record Trust(String caBundlePem, String pinnedSpkiSha256) {}

    /** Registry and model-cache credentials; secrets redacted in {@link #toString()}. */
    public record PullCredentials(SandboxRegistry sandboxRegistry, ModelCache modelCache) implements Validated {
        @Override
        public void validate(String path) {
            optional(path, "sandbox_registry", sandboxRegistry);
            optional(path, "model_cache", modelCache);
        }
    }

    public record SandboxRegistry(String registryUrl, String username, String password, String token, Instant expiresAt)
            implements Validated {
        @Override
        public void validate(String path) {
            required(path, "registry_url", registryUrl);
        }

        @Override
        public String toString() {
            return "SandboxRegistry[registry_url=" + registryUrl + ", username=" + username
                    + ", password=<redacted>, token=<redacted>, expires_at=" + expiresAt + "]";
        }
    }

    public record ModelCache(String cacheUrl, String token, Instant expiresAt) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "cache_url", cacheUrl);
        }

        @Override
        public String toString() {
            return "ModelCache[cache_url=" + cacheUrl + ", token=<redacted>, expires_at=" + expiresAt + "]";
        }
    }
}
