package io.cynodeai.workerapi.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A job's sandbox spec, and the node's sandbox settings, for unit tests. */
final class SandboxSpecs {
    private SandboxSpecs() {}

    /** The defaults, as Spring binds them, for the node {@code node}. */
    static io.cynodeai.workerapi.policy.SandboxSettings local(String node) {
        return new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                                Map.of("cynode.sandbox.node", node)))
                .bindOrCreate("cynode.sandbox", io.cynodeai.workerapi.policy.SandboxSettings.class);
    }

    static SandboxSpec spec(String network) {
        return new SandboxSpec(
                "task-1",
                "job-1",
                "cynode-sandbox:latest",
                List.of("sh", "-c", "echo hi"),
                Map.of("CYNODE_TASK_ID", "task-1"),
                network,
                Path.of("/ws/task-1"),
                null,
                Duration.ofSeconds(30),
                new SandboxSpec.Limits(1.5, 512L << 20, 256, 1024, 8192, 64L << 20, "65534:65534", 1 << 18, 64L << 20));
    }
}
