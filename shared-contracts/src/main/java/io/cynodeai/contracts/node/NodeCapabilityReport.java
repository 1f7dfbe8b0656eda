package io.cynodeai.contracts.node;

import static io.cynodeai.contracts.validation.Check.at;
import static io.cynodeai.contracts.validation.Check.oneOf;
import static io.cynodeai.contracts.validation.Check.optional;
import static io.cynodeai.contracts.validation.Check.required;
import static io.cynodeai.contracts.validation.Check.versionOne;

import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Validated;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code node_capability_report_v1}: what a node is and can do. */
public record NodeCapabilityReport(
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
        String capabilityHash)
        implements Validated {

    @Override
    public void validate(String path) {
        versionOne(path, version);
        required(path, "reported_at", reportedAt);
        required(path, "node", node);
        required(path, "platform", platform);
        required(path, "compute", compute);
        optional(path, "container_runtime", containerRuntime);
        optional(path, "gpu", gpu);
        optional(path, "sandbox", sandbox);
        optional(path, "inference", inference);
        optional(path, "tls", tls);
        optional(path, "worker_api", workerApi);
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
                hash);
    }

    public record Node(String nodeSlug, String name, List<String> labels) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "node_slug", nodeSlug);
            if (!nodeSlug.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
                throw InvalidPayload.of(at(path, "node_slug"), "must match [a-z0-9][a-z0-9._-]{0,62}");
            }
        }
    }

    public record Platform(String os, String distro, String arch, String kernelVersion) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "os", os);
            required(path, "arch", arch);
        }
    }

    public record ContainerRuntime(String runtime, String version, Boolean rootlessSupported, Boolean rootlessEnabled)
            implements Validated {
        @Override
        public void validate(String path) {
            required(path, "runtime", runtime);
            oneOf(path, "runtime", runtime, Set.of("podman", "docker"));
        }
    }

    public record Compute(String cpuModel, Integer cpuCores, Integer ramMb, Long storageFreeMb) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "cpu_cores", cpuCores);
            required(path, "ram_mb", ramMb);
        }
    }

    public record Gpu(Boolean present, List<GpuDevice> devices) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "present", present);
        }
    }

    public record GpuDevice(
            String vendor, String model, String deviceId, Integer vramMb, Map<String, Object> features) {}

    public record Sandbox(Boolean supported, List<String> features, Integer maxConcurrency) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "supported", supported);
        }
    }

    public record Network(Boolean orchestratorReachable, String outboundPolicy) {}

    public record Inference(Boolean supported, String mode) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "supported", supported);
            oneOf(path, "mode", mode, Set.of("allow", "disabled"));
        }
    }

    public record Tls(String trustMaterialStatus) implements Validated {
        @Override
        public void validate(String path) {
            oneOf(path, "trust_material_status", trustMaterialStatus, Set.of("ok", "missing", "invalid"));
        }
    }

    public record WorkerApi(String baseUrl) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "base_url", baseUrl);
        }
    }
}
