package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.After;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestEngine;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** Steps about who may be a node (nodes.md §1): enrollment, the credential, revocation. */
public class TrustSteps {
    private Reply stranger;
    private JsonNode before;
    private Process second;
    private Path secondLog;

    @After
    public void stopSecondNode() {
        if (second != null && second.isAlive()) {
            second.descendants().forEach(ProcessHandle::destroyForcibly);
            second.destroyForcibly();
        }
    }

    private static String admin() {
        Reply r = Stack.gateway()
                .post("/v1/auth/login", null, Json.write(Map.of("handle", "admin", "password", Stack.adminPassword())));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StackSteps.json(r).get("access_token").asString();
    }

    private static JsonNode node(String slug) {
        Reply r = Stack.gateway().get("/v1/nodes/" + slug, admin());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StackSteps.json(r);
    }

    @When("a stranger registers the slug {string} with the PSK and the Worker API URL {string}")
    public void strangerRegisters(String slug, String url) {
        if (before == null) {
            before = node(slug);
        }
        String psk = Stack.read(Stack.STATE.resolve("secrets/registration_psk")).strip();
        Map<String, Object> capability = Map.of(
                "version", 1,
                "reported_at", Instant.now().toString(),
                "node", Map.of("node_slug", slug),
                "platform", Map.of("os", "linux", "arch", "amd64"),
                "compute", Map.of("cpu_cores", 1, "ram_mb", 1),
                "worker_api", Map.of("base_url", url));
        stranger = Stack.controlPlane()
                .post("/v1/nodes/register", null, Json.write(Map.of("psk", psk, "capability", capability)));
    }

    @When("a stranger registers the slug {string} with the PSK and its real Worker API URL")
    public void strangerRegistersRealUrl(String slug) {
        strangerRegisters(slug, node(slug).get("worker_api_url").asString());
    }

    @Then("the stranger is refused with {int} {string}")
    public void strangerRefused(int status, String type) {
        assertThat(stranger.status()).as(stranger.body()).isEqualTo(status);
        assertThat(stranger.contentType()).startsWith("application/problem+json");
        assertThat(StackSteps.json(stranger).get("type").asString()).endsWith("/" + type);
        assertThat(stranger.body()).doesNotContain("node_jwt").doesNotContain("node_credential\":\"");
    }

    @Then("the node {string} kept its Worker API URL and configuration")
    public void keptItsConfiguration(String slug) {
        JsonNode now = node(slug);
        assertThat(now.get("worker_api_url")).isEqualTo(before.get("worker_api_url"));
        assertThat(now.get("status").asString()).isEqualTo("active");
        // The token rotates on its own every ~15 s here; what a stranger could do is move the URL.
        assertThat(now.get("config_version_applied").asLong())
                .isGreaterThanOrEqualTo(before.get("config_version_applied").asLong());
    }

    @When("a second node {string} joins the stack")
    public void secondNodeJoins(String slug) throws IOException {
        // A fresh machine: no state, and the slug free (an earlier run of this scenario revoked it).
        int reset = Stack.gateway()
                .post("/v1/nodes/" + slug + "/reset", admin(), "")
                .status();
        assertThat(reset).isIn(200, 404);
        Path dir = Stack.STATE.resolve(slug);
        if (Files.exists(dir)) {
            try (var all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        Path yaml = dir.resolve("node.yaml");
        Files.writeString(yaml, Stack.nodeYaml("""
                node:
                  id: %s
                worker_api:
                  listen_port: %d
                inference:
                  mode: disabled
                updates:
                  enable_dynamic_config: true
                  poll_interval_seconds: 2
                storage:
                  state_dir: %s
                """.formatted(slug, Stack.WORKER + 20, dir)));
        Path repo = TestEngine.repoRoot();
        String version = "0.1.0-SNAPSHOT";
        secondLog = dir.resolve("node-manager.out");
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-jar",
                        repo.resolve("worker-node-manager/target/worker-node-manager-" + version + "-exec.jar")
                                .toString(),
                        "--config=" + yaml)
                .redirectErrorStream(true)
                .redirectOutput(secondLog.toFile());
        pb.environment()
                .put(
                        "CYNODE_WORKER_API_JAR",
                        repo.resolve("worker-api/target/worker-api-" + version + "-exec.jar")
                                .toString());
        second = pb.start();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .alias("the second node enrolled and applied its configuration")
                .until(() -> Stack.read(secondLog).contains("node " + slug + " is up"));
        assertThat(Stack.read(secondLog)).contains("enrolled: node credential stored in the secure store");
    }

    @Then("the administrators' node list shows {string} as {string}")
    public void listed(String slug, String status) {
        Reply r = Stack.gateway().get("/v1/nodes", admin());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode match = null;
        for (JsonNode n : StackSteps.json(r).get("nodes")) {
            if (n.get("node_slug").asString().equals(slug)) {
                match = n;
            }
        }
        assertThat(match).as(slug + " in " + r.body()).isNotNull();
        assertThat(match.get("status").asString()).isEqualTo(status);
    }

    @When("an administrator revokes the node {string}")
    public void revoke(String slug) {
        Reply r = Stack.gateway().post("/v1/nodes/" + slug + "/revoke", admin(), "");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(StackSteps.json(r).get("status").asString()).isEqualTo("revoked");
    }

    @Then("within {int} seconds the second node exits with code {int} saying {string}")
    public void secondNodeExits(int seconds, int code, String message) throws InterruptedException {
        assertThat(second.waitFor(seconds, TimeUnit.SECONDS))
                .as("the second node exits")
                .isTrue();
        String log = Stack.read(secondLog);
        assertThat(second.exitValue()).as(log).isEqualTo(code);
        assertThat(log).contains(message);
        for (String secret : Stack.secrets()) {
            assertThat(log).doesNotContain(secret);
        }
        await().atMost(Duration.ofSeconds(15))
                .alias("its worker-api stopped with it")
                .until(() -> ProcessHandle.allProcesses()
                        .noneMatch(p ->
                                p.info().commandLine().orElse("").contains("--server.port=" + (Stack.WORKER + 20))));
    }

    @Then("the node trusts the orchestrator as the bootstrap said")
    public void trustsAsTheBootstrapSaid() throws IOException {
        Path stored = Stack.STATE.resolve("node/secrets/orchestrator-ca.pem");
        String log = Stack.log("worker-node-manager");
        assertThat(log).contains("registered with the orchestrator at " + Stack.SCHEME + "://127.0.0.1:");
        if (!Stack.TLS) {
            // (a CA an earlier TLS run stored may still be in the node's state: unused over http)
            assertThat(log).doesNotContain("the orchestrator named the CA");
            return;
        }
        assertThat(Files.readString(stored)).isEqualTo(Files.readString(Stack.caFile()));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
        var untrusting = new io.cynodeai.testsupport.TestHttp("https://127.0.0.1:" + Stack.CONTROL_PLANE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.get("/healthz", null))
                .hasStackTraceContaining("PKIX");
        assertThat(Stack.controlPlane().get("/healthz", null).status()).isEqualTo(200);
    }
}
