package io.cynodeai.nodemanager.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.nodemanager.nodeyaml.NodeYamlLoader;
import io.cynodeai.nodemanager.securestore.SecureStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkerLaunchTest {

    @Test
    void passesLimitsAndTheTokenFilePathButNoSecret() {
        var yaml = NodeYamlLoader.parse("""
                        version: 1
                        orchestrator: { url: "http://127.0.0.1:12082" }
                        node: { id: n1 }
                        sandbox:
                          resources: { max_cpu_cores: 0.5, max_memory_mb: 128, max_pids: 32 }
                          allowed_images: [a:1, b:2]
                        """).yaml();
        Path state = Path.of("/var/lib/cynode-test");
        var cmd = WorkerLaunch.command(
                "/opt/worker.jar",
                yaml,
                new SecureStore(state),
                state,
                "unix:///run/x.sock",
                null,
                "http://127.0.0.1:11434");
        assertThat(cmd)
                .contains(
                        "--cynode.worker.token-file=/var/lib/cynode-test/secrets/worker-token.json",
                        "--cynode.sandbox.max-memory=128MB",
                        "--cynode.sandbox.max-pids=32",
                        "--cynode.sandbox.max-cpu-cores=0.5",
                        "--cynode.sandbox.allowed-images=a:1,b:2",
                        "--cynode.sandbox.docker-host=unix:///run/x.sock",
                        "--cynode.worker.inference-url=http://127.0.0.1:11434");
        assertThat(String.join(" ", cmd).toLowerCase()).doesNotContain("psk").doesNotContain("bearer");
    }

    @Test
    void jvmOptionsComeBeforeTheJarAndCanBeReplaced() {
        var yaml = NodeYamlLoader.parse("""
                        version: 1
                        orchestrator: { url: "http://127.0.0.1:12082" }
                        node: { id: n1 }
                        """).yaml();
        Path state = Path.of("/var/lib/cynode-test");
        var byDefault = WorkerLaunch.command("/opt/w.jar", yaml, new SecureStore(state), state, "unix:///x", " ", null);
        assertThat(byDefault.subList(1, byDefault.indexOf("-jar")))
                .containsExactly("-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1");
        assertThat(byDefault).noneMatch(a -> a.startsWith("--cynode.worker.inference-url"));
        var chosen = WorkerLaunch.command(
                "/opt/w.jar", yaml, new SecureStore(state), state, "unix:///x", " -XX:+UseZGC  -Xmx256m ", null);
        assertThat(chosen.subList(1, chosen.indexOf("-jar") + 2))
                .containsExactly("-XX:+UseZGC", "-Xmx256m", "-jar", "/opt/w.jar");
    }

    @Test
    void workerApiIsGivenOnlyItsStateDirectoryBesideTheAllowList() {
        assertThat(WorkerLaunch.environment(Path.of("/s")))
                .containsExactly(java.util.Map.entry("CYNODE_STATE_DIR", "/s"));
    }
}
