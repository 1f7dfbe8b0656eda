package io.cynodeai.nodemanager.nodeyaml;

import java.util.List;

/** The node YAML (phase 1 section 4 keys), with defaults applied by {@link NodeYamlLoader}. */
public record NodeYaml(
        Integer version,
        Orchestrator orchestrator,
        Node node,
        WorkerApi workerApi,
        Sandbox sandbox,
        Inference inference,
        Storage storage,
        Logging logging,
        Updates updates) {

    public record Orchestrator(String url, String registrationPskEnv, String registrationPskFile, Timeouts timeouts) {}

    public record Timeouts(Integer connectSeconds, Integer requestSeconds) {}

    public record Node(String id, String name, List<String> labels) {}

    public record WorkerApi(String listenHost, Integer listenPort, String publicBaseUrl, Long maxRequestBytes) {}

    public record Sandbox(
            String mode,
            String runtime,
            String defaultImage,
            List<String> allowedImages,
            String defaultNetworkPolicy,
            Resources resources,
            SandboxTimeouts timeouts,
            Integer maxConcurrency) {

        public boolean sandboxOnly() {
            return "sandbox_only".equals(mode);
        }
    }

    public record Resources(Double maxCpuCores, Integer maxMemoryMb, Integer maxPids) {}

    public record SandboxTimeouts(Integer defaultSeconds, Integer maxSeconds) {}

    public record Inference(String mode) {
        public boolean disabled() {
            return "disabled".equals(mode);
        }

        public boolean required() {
            return "require".equals(mode);
        }
    }

    public record Storage(String stateDir, String cacheDir) {}

    public record Logging(String level) {}

    public record Updates(Boolean enableDynamicConfig, Integer pollIntervalSeconds) {}

    /** Whether this node may run an inference container at all. */
    public boolean inferenceAllowed() {
        return !sandbox.sandboxOnly() && !inference.disabled();
    }
}
