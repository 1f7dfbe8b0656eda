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
import java.util.List;
import java.util.Map;

/** {@code node_capability_report_v1}: what a node is and can do. */
public record NodeCapabilityReport(
        @NotNull(message = Wire.REQUIRED) @Min(value = 1, message = "must be 1") @Max(value = 1, message = "must be 1")
        Integer version,

        @NotNull(message = Wire.REQUIRED) Instant reportedAt,
        @NotNull(message = Wire.REQUIRED) @Valid Node node,
        @NotNull(message = Wire.REQUIRED) @Valid Platform platform,
        @Valid ContainerRuntime containerRuntime,
        @NotNull(message = Wire.REQUIRED) @Valid Compute compute,
        @Valid Gpu gpu,
        @Valid Sandbox sandbox,
        Network network,
        @Valid Inference inference,
        @Valid Tls tls,
        @Valid WorkerApi workerApi,
        String capabilityHash,
        State state)
        implements Validated {

    /**
     * What the node is doing now rather than what it can do (nodes.md §2; not in the capability
     * hash): {@code draining} when it is on its way down (SIGTERM) and should get no new job.
     */
    public record State(Boolean draining) {
        public static final State DRAINING = new State(true);
    }

    /** The report without {@link #state}: what a machine with these capabilities reports. */
    public NodeCapabilityReport(
            Integer version,
            Instant reportedAt,
            Node node,
            Platform platform,
            ContainerRuntime containerRuntime,
            Compute compute,
            Gpu gpu,
            Sandbox sandbox,
            Network network,
            Inference inference,
            Tls tls,
            WorkerApi workerApi,
            String capabilityHash) {
        this(
                version,
                reportedAt,
                node,
                platform,
                containerRuntime,
                compute,
                gpu,
                sandbox,
                network,
                inference,
                tls,
                workerApi,
                capabilityHash,
                null);
    }

    /** The same report, sent again now in {@code state} (a heartbeat). */
    public NodeCapabilityReport now(Instant at, State now) {
        return new NodeCapabilityReport(
                version,
                at,
                node,
                platform,
                containerRuntime,
                compute,
                gpu,
                sandbox,
                network,
                inference,
                tls,
                workerApi,
                capabilityHash,
                now);
    }

    public boolean draining() {
        return state != null && Boolean.TRUE.equals(state.draining());
    }

    /** The same report with its hash set (over everything but the time and the hash). */
    public NodeCapabilityReport withHash() {
        return withCapabilityHash(CapabilityHash.of(this));
    }

    public NodeCapabilityReport withCapabilityHash(String hash) {
        return new NodeCapabilityReport(
                version,
                reportedAt,
                node,
                platform,
                containerRuntime,
                compute,
                gpu,
                sandbox,
                network,
                inference,
                tls,
                workerApi,
                hash,
                state);
    }

    public record Node(
            @NotBlank(message = Wire.REQUIRED)
            @Pattern(regexp = Wire.SLUG, message = "must match [a-z0-9][a-z0-9._-]{0,62}")
            String nodeSlug,

            String name,
            List<String> labels) {}

    public record Platform(
            @NotBlank(message = Wire.REQUIRED) String os,
            String distro,
            @NotBlank(message = Wire.REQUIRED) String arch,
            String kernelVersion) {}

    public record ContainerRuntime(
            @NotBlank(message = Wire.REQUIRED)
            @Pattern(regexp = "podman|docker", message = "must be one of [docker, podman]")
            String runtime,

            String version,
            Boolean rootlessSupported,
            Boolean rootlessEnabled) {}

    public record Compute(
            String cpuModel,
            @NotNull(message = Wire.REQUIRED) Integer cpuCores,
            @NotNull(message = Wire.REQUIRED) Integer ramMb,
            Long storageFreeMb) {}

    public record Gpu(@NotNull(message = Wire.REQUIRED) Boolean present, List<GpuDevice> devices) {}

    public record GpuDevice(
            String vendor, String model, String deviceId, Integer vramMb, Map<String, Object> features) {}

    public record Sandbox(
            @NotNull(message = Wire.REQUIRED) Boolean supported, List<String> features, Integer maxConcurrency) {}

    public record Network(Boolean orchestratorReachable, String outboundPolicy) {}

    public record Inference(
            @NotNull(message = Wire.REQUIRED) Boolean supported,

            @Pattern(regexp = "allow|disabled", message = "must be one of [allow, disabled]")
            String mode,

            @Valid List<InferenceModel> models) {
        public Inference(Boolean supported, String mode) {
            this(supported, mode, null);
        }
    }

    /** A model the node's inference container has ({@code loaded}: present and ready to answer). */
    public record InferenceModel(
            @NotBlank(message = Wire.REQUIRED) String id, Long size, Boolean loaded) {}

    public record Tls(
            @Pattern(regexp = "ok|missing|invalid", message = "must be one of [invalid, missing, ok]")
            String trustMaterialStatus) {}

    /**
     * @param tlsCertSha256 an {@code https} Worker API's certificate: the SHA-256 of its DER
     *     encoding in hex (extension, nodes.md §1), which the control plane pins
     */
    public record WorkerApi(
            @NotBlank(message = Wire.REQUIRED) String baseUrl,

            @jakarta.validation.constraints.Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 hex digits")
            String tlsCertSha256) {
        public WorkerApi(String baseUrl) {
            this(baseUrl, null);
        }
    }
}
