package io.cynodeai.nodemanager.capability;

import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.NodeCapabilityReport.Compute;
import io.cynodeai.contracts.node.NodeCapabilityReport.ContainerRuntime;
import io.cynodeai.contracts.node.NodeCapabilityReport.Gpu;
import io.cynodeai.contracts.node.NodeCapabilityReport.GpuDevice;
import io.cynodeai.contracts.node.NodeCapabilityReport.Inference;
import io.cynodeai.contracts.node.NodeCapabilityReport.InferenceModel;
import io.cynodeai.contracts.node.NodeCapabilityReport.Platform;
import io.cynodeai.contracts.node.NodeCapabilityReport.Sandbox;
import io.cynodeai.contracts.node.NodeCapabilityReport.WorkerApi;
import io.cynodeai.nodemanager.nodeyaml.NodeYaml;
import io.cynodeai.nodemanager.supervisor.ChildEnvironment;
import io.cynodeai.nodemanager.workertls.WorkerCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Collects the node's real capabilities: OS, distro, arch, kernel, CPU, RAM, free storage, the
 * container runtime, GPUs ({@code nvidia-smi} when present), sandbox features, inference support
 * per the YAML, and its Worker API URL. Volatile values (free storage) are rounded so that the
 * capability hash stays the same on an unchanged machine.
 */
public final class CapabilityCollector {
    private CapabilityCollector() {}

    public static NodeCapabilityReport collect(NodeYaml yaml, Path stateDir) {
        return collect(yaml, stateDir, List.of());
    }

    /** With the models the node's inference container has ({@code inference.models}). */
    public static NodeCapabilityReport collect(NodeYaml yaml, Path stateDir, List<InferenceModel> models) {
        var report = new NodeCapabilityReport(
                1,
                Instant.now(),
                new NodeCapabilityReport.Node(
                        yaml.node().id(), yaml.node().name(), yaml.node().labels()),
                new Platform(
                        System.getProperty("os.name").toLowerCase(Locale.ROOT),
                        distro().orElse(null),
                        System.getProperty("os.arch"),
                        System.getProperty("os.version")),
                runtime(yaml.sandbox().runtime()),
                new Compute(
                        cpuModel().orElse(null),
                        Runtime.getRuntime().availableProcessors(),
                        (int) (memTotalKb() / 1024),
                        freeStorageMb(stateDir)),
                gpu(),
                new Sandbox(true, sandboxFeatures(), yaml.sandbox().maxConcurrency()),
                null,
                new Inference(
                        yaml.inferenceAllowed(),
                        yaml.inferenceAllowed() ? "allow" : "disabled",
                        models.isEmpty() ? null : models),
                null,
                new WorkerApi(
                        yaml.workerApi().publicBaseUrl(),
                        WorkerCertificate.forNode(yaml, stateDir)
                                .map(WorkerCertificate::sha256)
                                .orElse(null)),
                null);
        return report.withHash();
    }

    private static Optional<String> distro() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return Optional.of(line.substring(12).replace("\"", ""));
                }
            }
        } catch (IOException ignored) {
            // not Linux, or no os-release
        }
        return Optional.empty();
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long memTotalKb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Rounded down to whole GiB so the hash does not change with every file written. */
    private static Long freeStorageMb(Path dir) {
        try {
            Path existing = dir.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            long mb = Files.getFileStore(existing).getUsableSpace() / (1024 * 1024);
            return mb / 1024 * 1024;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ContainerRuntime runtime(String name) {
        Optional<String> version =
                run(name, "--version").map(v -> v.replaceAll("(?s).*?([0-9]+\\.[0-9]+(\\.[0-9]+)?).*", "$1"));
        boolean rootlessSupported = Files.exists(Path.of("/usr/bin/newuidmap"));
        boolean root = "root".equals(System.getProperty("user.name"));
        return new ContainerRuntime(name, version.orElse(null), rootlessSupported, !root);
    }

    private static Gpu gpu() {
        Optional<String> smi = run("nvidia-smi", "--query-gpu=name,memory.total,uuid", "--format=csv,noheader,nounits");
        if (smi.isEmpty() || smi.get().isBlank()) {
            return new Gpu(false, null);
        }
        List<GpuDevice> devices = new ArrayList<>();
        for (String line : smi.get().strip().split("\n")) {
            String[] f = line.split(",\\s*");
            Integer vram = null;
            try {
                vram = f.length > 1 ? Integer.parseInt(f[1].strip()) : null;
            } catch (NumberFormatException ignored) {
                // unknown size
            }
            devices.add(new GpuDevice("nvidia", f[0].strip(), f.length > 2 ? f[2].strip() : null, vram, null));
        }
        return new Gpu(true, devices);
    }

    private static List<String> sandboxFeatures() {
        List<String> features = new ArrayList<>(List.of("netns"));
        if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
            features.add("cgroups_v2");
        }
        try {
            if (Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.startsWith("Seccomp:"))) {
                features.add("seccomp");
            }
        } catch (IOException ignored) {
            // no procfs
        }
        return features;
    }

    static Optional<String> run(String... command) {
        try {
            Process p = ChildEnvironment.apply(new ProcessBuilder(command).redirectErrorStream(true), Map.of())
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
