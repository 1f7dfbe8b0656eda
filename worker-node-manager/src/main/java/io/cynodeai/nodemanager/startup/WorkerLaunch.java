package io.cynodeai.nodemanager.startup;

import io.cynodeai.nodemanager.nodeyaml.NodeYaml;
import io.cynodeai.nodemanager.securestore.SecureStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How worker-api is started: the same JVM as this process, its jar, and settings from the node
 * YAML as arguments. No secret is on the command line or in the environment: the token is a
 * file path, and of this process's environment only an allow-list is passed on.
 */
final class WorkerLaunch {
    private WorkerLaunch() {}

    /**
     * worker-api's JVM options unless {@code WORKER_API_JAVA_OPTS} says otherwise. C1 only: it runs
     * at most a few jobs a second (container starts bound it), where C1 code serves a request as
     * fast as C2 code, and C2's compiling takes the node's cores from its sandboxes for thousands
     * of jobs (measured on 2 cores: 10 ms of compiling a job at first, still 1 to 3 ms after 2,000
     * jobs; with C1 only, under 1 ms after the first 200).
     */
    static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1";

    static List<String> command(
            String jar,
            NodeYaml yaml,
            SecureStore store,
            Path stateDir,
            String dockerHost,
            String javaOpts,
            String inferenceUrl) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var s = yaml.sandbox();
        List<String> cmd = new ArrayList<>(List.of(java));
        String opts = javaOpts == null || javaOpts.isBlank() ? DEFAULT_JAVA_OPTS : javaOpts;
        cmd.addAll(List.of(opts.strip().split("\\s+")));
        cmd.addAll(List.of("-jar", jar));
        cmd.add("--server.port=" + yaml.workerApi().listenPort());
        // SIGTERM drains: running jobs have this long to finish (nodes.md §2)
        cmd.add("--spring.lifecycle.timeout-per-shutdown-phase="
                + yaml.shutdown().drainTimeoutSeconds() + "s");
        cmd.add("--server.address=" + yaml.workerApi().listenHost());
        cmd.add("--management.server.port=" + yaml.workerApi().managementPortOrNext());
        // HTTPS from an SSL bundle of the certificate's files (paths only: nothing secret on the command line).
        io.cynodeai.nodemanager.workertls.WorkerCertificate.forNode(yaml, stateDir)
                .ifPresent(c -> {
                    cmd.add("--server.ssl.bundle=worker");
                    cmd.add("--spring.ssl.bundle.pem.worker.keystore.certificate=file:" + c.certificate());
                    cmd.add("--spring.ssl.bundle.pem.worker.keystore.private-key=file:" + c.privateKey());
                    // its metrics stay plain http on loopback
                    cmd.add("--management.server.ssl.enabled=false");
                });
        cmd.add("--cynode.worker.token-file=" + store.tokenFile());
        cmd.add("--cynode.sandbox.policy-file=" + store.policyFile());
        cmd.add("--cynode.sandbox.docker-host=" + dockerHost);
        cmd.add("--cynode.sandbox.workspace-root=" + stateDir.resolve("workspaces"));
        cmd.add("--cynode.sandbox.allowed-images=" + String.join(",", s.allowedImages()));
        cmd.add("--cynode.sandbox.default-network-policy=" + s.defaultNetworkPolicy());
        cmd.add("--cynode.sandbox.max-cpu-cores=" + s.resources().maxCpuCores());
        cmd.add("--cynode.sandbox.max-memory=" + s.resources().maxMemoryMb() + "MB");
        cmd.add("--cynode.sandbox.max-pids=" + s.resources().maxPids());
        cmd.add("--cynode.sandbox.default-timeout=" + s.timeouts().defaultSeconds() + "s");
        cmd.add("--cynode.sandbox.max-timeout=" + s.timeouts().maxSeconds() + "s");
        cmd.add("--cynode.sandbox.max-concurrency=" + s.maxConcurrency());
        cmd.add("--cynode.sandbox.node=" + yaml.node().id());
        cmd.add("--cynode.sandbox.max-request-bytes=" + yaml.workerApi().maxRequestBytes() + "B");
        if (inferenceUrl != null) {
            cmd.add("--cynode.worker.inference-url=" + inferenceUrl);
        }
        return cmd;
    }

    /** What worker-api is given beside the allow-listed part of this process's environment ({@link ChildEnvironment}). */
    static Map<String, String> environment(Path stateDir) {
        return Map.of("CYNODE_STATE_DIR", stateDir.toString());
    }

    /** The worker-api jar: configured, else the build output next to the checkout. */
    static String jar(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (Path dir :
                List.of(Path.of("worker-api/target"), Path.of("../worker-api/target"), Path.of("/opt/cynode"))) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    var found = files.filter(f -> f.getFileName().toString().matches("worker-api-.*-exec\\.jar"))
                            .findFirst();
                    if (found.isPresent()) {
                        return found.get().toAbsolutePath().toString();
                    }
                } catch (java.io.IOException ignored) {
                    // try the next place
                }
            }
        }
        throw new NodeStartupFailed("cannot find the worker-api jar: set CYNODE_WORKER_API_JAR");
    }
}
