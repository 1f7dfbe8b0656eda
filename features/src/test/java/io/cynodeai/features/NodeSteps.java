package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Steps about the node's own behaviour: supervision, configuration updates, fail-fast. */
public class NodeSteps {
    private long workerPid;
    private String configVersion;
    private String token;
    private int exitCode;
    private String output;

    @When("I wait {int} seconds")
    public void pause(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    @When("worker-api is killed")
    public void killWorker() throws Exception {
        workerPid = workerPid().orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(workerPid)).start().waitFor();
    }

    @Then("the node manager restarts it and it is ready within {int} seconds")
    public void restarted(int seconds) {
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(200))
                .alias("worker-api restarted and ready")
                .until(() -> workerPid().filter(pid -> pid != workerPid).isPresent() && ready());
    }

    @When("I note the node's configuration version and token")
    public void noteConfig() {
        configVersion = policy().get("config_version").asString();
        token = tokenFile().get("token").asString();
        workerPid = workerPid().orElseThrow();
    }

    @Then("within {int} seconds the node applies a new configuration version with a new token")
    public void newVersion(int seconds) {
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !policy().get("config_version").asString().equals(configVersion));
        assertThat(tokenFile().get("token").asString()).isNotEqualTo(token);
    }

    @Then("worker-api was not restarted for it")
    public void notRestarted() {
        assertThat(workerPid()).contains(workerPid);
    }

    @Then("the old token is refused once its grace period is over")
    public void oldTokenRefused() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> Stack.worker()
                                .post("/v1/worker/jobs:run", token, "{}")
                                .status(),
                        s -> s == 401);
    }

    @When("a second node that requires inference starts on a machine without a container runtime")
    public void requiringNode() throws IOException, InterruptedException {
        Path dir = Stack.STATE.resolve("infer-node");
        Files.createDirectories(dir);
        Path yaml = dir.resolve("node.yaml");
        Files.writeString(yaml, Stack.nodeYaml("""
                node:
                  id: e2e-infer-node
                worker_api:
                  listen_port: %d
                inference:
                  mode: require
                storage:
                  state_dir: %s
                """.formatted(Stack.WORKER + 10, dir)));
        Path repo = TestEngine.repoRoot();
        String version = "0.1.0-SNAPSHOT";
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-jar",
                        repo.resolve("worker-node-manager/target/worker-node-manager-" + version + "-exec.jar")
                                .toString(),
                        "--config=" + yaml)
                .redirectErrorStream(true);
        pb.environment()
                .put(
                        "CYNODE_WORKER_API_JAR",
                        repo.resolve("worker-api/target/worker-api-" + version + "-exec.jar")
                                .toString());
        // No engine: none where DOCKER_HOST points, and no podman on the PATH to start one.
        pb.environment().put("DOCKER_HOST", "unix://" + dir.resolve("no-engine.sock"));
        pb.environment().remove("XDG_RUNTIME_DIR");
        pb.environment()
                .put(
                        "PATH",
                        Path.of(ProcessHandle.current().info().command().orElseThrow())
                                        .getParent() + ":/nonexistent");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the node exits").isTrue();
        exitCode = p.exitValue();
        output = new String(out, StandardCharsets.UTF_8);
    }

    @Then("it exits non-zero saying {string}")
    public void exitsSaying(String message) {
        assertThat(exitCode).isNotZero();
        assertThat(output).contains(message);
        for (String secret : Stack.secrets()) {
            assertThat(output).doesNotContain(secret);
        }
        assertThat(output).doesNotContain("Exception in thread");
    }

    private static Optional<Long> workerPid() {
        return workerPidOn(Stack.WORKER);
    }

    private static Optional<Long> workerPidOn(int port) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("worker-api-")
                        && p.info().commandLine().orElse("").contains("--server.port=" + port))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    private static boolean ready() {
        try {
            return Stack.worker().get("/readyz", null).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static tools.jackson.databind.JsonNode policy() {
        return Json.mapper().readTree(Stack.read(Stack.STATE.resolve("node/worker-policy.json")));
    }

    private static tools.jackson.databind.JsonNode tokenFile() {
        return Json.mapper().readTree(Stack.read(Stack.STATE.resolve("node/secrets/worker-token.json")));
    }
}
