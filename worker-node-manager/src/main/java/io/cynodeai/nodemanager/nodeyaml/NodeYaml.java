package io.cynodeai.nodemanager.nodeyaml;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The node YAML (phase 1 section 4 keys). Every default and every rule is stated here, once:
 * {@code @DefaultValue} for a missing key, Bean Validation for a wrong value, and the accessors
 * for the defaults that depend on another key. {@link NodeYamlLoader} binds a file to it.
 */
public record NodeYaml(
        @DefaultValue("1") @Min(value = 1, message = "must be 1") @Max(value = 1, message = "must be 1")
        int version,

        @DefaultValue @Valid Orchestrator orchestrator,
        @DefaultValue @Valid Node node,
        @DefaultValue @Valid WorkerApi workerApi,
        @DefaultValue @Valid Sandbox sandbox,
        @DefaultValue @Valid Inference inference,
        @DefaultValue @Valid Storage storage,
        @DefaultValue Logging logging,
        @DefaultValue @Valid Updates updates,
        @DefaultValue @Valid Shutdown shutdown) {

    private static final String URL = "https?://[^/\\s:]+(:\\d+)?(/\\S*)?";

    public record Orchestrator(
            @NotNull(message = "is required") @Pattern(regexp = URL, message = "must be an http(s) URL")
            String url,

            String registrationPskEnv,
            String registrationPskFile,
            @DefaultValue Timeouts timeouts,
            // further control planes to register with while url gives no answer (nodes.md §2), until
            // a bootstrap names them
            @DefaultValue List<@Pattern(regexp = URL, message = "must be an http(s) URL") String> alternateUrls,
            // the CA (PEM file) to verify an https orchestrator with until its bootstrap names one
            String caFile) {

        /** The environment variable that holds the PSK, when no file names it. */
        @Override
        public String registrationPskEnv() {
            return registrationPskEnv == null && registrationPskFile == null
                    ? "CYNODE_NODE_REGISTRATION_PSK"
                    : registrationPskEnv;
        }
    }

    public record Timeouts(
            @DefaultValue("5") int connectSeconds,
            @DefaultValue("30") int requestSeconds) {}

    public record Node(
            @NotNull(message = "is required and must match [a-z0-9][a-z0-9._-]{0,62}")
            @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,62}", message = "must match [a-z0-9][a-z0-9._-]{0,62}")
            String id,

            String name,
            @DefaultValue List<String> labels) {

        /** The node's name, else its id. */
        @Override
        public String name() {
            return name == null ? id : name;
        }
    }

    public record WorkerApi(
            @DefaultValue("127.0.0.1") String listenHost,

            @DefaultValue("12090")
            @Min(value = 1, message = "must be 1-65535")
            @Max(value = 65535, message = "must be 1-65535")
            int listenPort,

            @Pattern(regexp = URL, message = "must be an http(s) URL")
            String publicBaseUrl,

            @DefaultValue("10485760") @Positive(message = "must be positive")
            long maxRequestBytes,

            // worker-api's metrics, on loopback; unset = the port after listen_port
            @Min(value = 1, message = "must be 1-65535") @Max(value = 65535, message = "must be 1-65535")
            Integer managementPort,

            @DefaultValue @Valid Tls tls) {
        /**
         * HTTPS for the Worker API (nodes.md §1).
         *
         * @param enabled serve HTTPS
         * @param certFile the certificate (PEM); unset with {@code keyFile} = one the node makes at first start
         * @param keyFile its private key (PEM)
         */
        public record Tls(@DefaultValue("false") boolean enabled, String certFile, String keyFile) {}

        /** Where worker-api serves its metrics (on loopback only). */
        public int managementPortOrNext() {
            return managementPort == null ? listenPort + 1 : managementPort;
        }

        /** Where the orchestrator reaches worker-api: as configured, else its listen address (loopback for any). */
        @Override
        public String publicBaseUrl() {
            return publicBaseUrl != null
                    ? publicBaseUrl
                    : (tls.enabled() ? "https://" : "http://")
                            + ("0.0.0.0".equals(listenHost) ? "127.0.0.1" : listenHost) + ":" + listenPort;
        }
    }

    public record Sandbox(
            @DefaultValue("standard")
            @Pattern(regexp = "standard|sandbox_only", message = "must be one of [sandbox_only, standard]")
            String mode,

            @DefaultValue("podman") @Pattern(regexp = "podman|docker", message = "must be one of [docker, podman]")
            String runtime,

            @DefaultValue("cynode-sandbox:latest") String defaultImage,
            @DefaultValue List<String> allowedImages,

            @DefaultValue("none") @Pattern(regexp = "none|restricted", message = "must be one of [none, restricted]")
            String defaultNetworkPolicy,

            @DefaultValue @Valid Resources resources,
            @DefaultValue @Valid SandboxTimeouts timeouts,

            @DefaultValue("4") @Positive(message = "must be positive")
            int maxConcurrency) {

        public boolean sandboxOnly() {
            return "sandbox_only".equals(mode);
        }
    }

    public record Resources(
            @DefaultValue("1.0") @Positive(message = "must be positive")
            double maxCpuCores,

            @DefaultValue("512") @Positive(message = "must be positive")
            int maxMemoryMb,

            @DefaultValue("256") @Positive(message = "must be positive")
            int maxPids) {}

    public record SandboxTimeouts(
            @DefaultValue("300") @Positive(message = "must be positive")
            int defaultSeconds,

            @DefaultValue("3600") @Positive(message = "must be positive")
            int maxSeconds) {

        /** Reported as {@code default_seconds}. */
        @AssertTrue(message = "must not exceed sandbox.timeouts.max_seconds")
        public boolean isDefaultSeconds() {
            return defaultSeconds <= maxSeconds;
        }
    }

    /**
     * @param mode whether this node runs an inference container
     * @param internet whether that container may reach beyond the host (for Ollama to pull models);
     *     off, it is alone on an internal network
     */
    public record Inference(
            @DefaultValue("allow")
            @Pattern(regexp = "allow|disabled|require", message = "must be one of [allow, disabled, require]")
            String mode,

            @DefaultValue("false") boolean internet) {
        public boolean disabled() {
            return "disabled".equals(mode);
        }

        public boolean required() {
            return "require".equals(mode);
        }
    }

    public record Storage(@DefaultValue("/var/lib/cynode") String stateDir, String cacheDir) {
        @Override
        public String cacheDir() {
            return cacheDir == null ? stateDir + "/cache" : cacheDir;
        }
    }

    public record Logging(@DefaultValue("info") String level) {}

    /**
     * @param heartbeatSeconds how often the node tells the orchestrator it is there (nodes.md §2:
     *     three missed, and it is unreachable)
     */
    public record Updates(
            @DefaultValue("true") boolean enableDynamicConfig,

            @DefaultValue("30") @Positive(message = "must be positive")
            int pollIntervalSeconds,

            @DefaultValue("5") @Positive(message = "must be positive")
            int heartbeatSeconds) {}

    /**
     * @param drainTimeoutSeconds on SIGTERM the node takes no new job and waits this long at most
     *     for its running jobs to finish before it stops them (nodes.md §2)
     */
    public record Shutdown(
            @DefaultValue("60") @Positive(message = "must be positive")
            int drainTimeoutSeconds) {}

    /** Whether this node may run an inference container at all. */
    public boolean inferenceAllowed() {
        return !sandbox.sandboxOnly() && !inference.disabled();
    }

    /** Reported as {@code inference.mode}. */
    @AssertTrue(message = "cannot be 'require' on a sandbox_only node")
    public boolean isInference() {
        return !(inference.required() && sandbox.sandboxOnly());
    }
}
