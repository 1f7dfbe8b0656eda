package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.AfterAll;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestEngine;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Steps about the running stack, the node, and the operator's view of it. */
public class StackSteps {
    @AfterAll
    public static void stopStack() {
        Stack.down();
    }

    @Given("the single-node stack is up")
    public void theStackIsUp() {
        Stack.ensureUp();
    }

    @Then("{word} answers {string} on {string}")
    public void serviceAnswers(String service, String body, String path) {
        Reply r = http(service).get(path, null);
        assertThat(r.status()).as(service + " " + path + ": " + r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(body);
    }

    @Then("exactly one inference container runs and answers its health endpoint")
    public void oneInferenceContainer() {
        assertThat(Stack.inferenceContainers()).hasSize(1);
        Reply health;
        try {
            health = new TestHttp(Stack.inferenceUrl()).get("/", null);
        } catch (RuntimeException e) {
            throw new AssertionError("inference health endpoint: " + e + "; containers: "
                    + TestEngine.podman("ps", "-a", "--format", "{{.Names}} {{.Status}} {{.Ports}}")
                    + "; curl: "
                    + TestEngine.exec("curl", "-s", "-m", "5", Stack.inferenceUrl() + "/"));
        }
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("Ollama is running");
    }

    @Then("the node {string} registered, fetched its configuration and acknowledged it as applied")
    public void nodeAcknowledged(String slug) {
        String log = Stack.log("worker-node-manager");
        int registered = log.indexOf("registered with the orchestrator");
        int applied = log.indexOf("node " + slug + " is up: configuration version");
        assertThat(registered).as("registration logged").isNotNegative();
        assertThat(applied).as("applied acknowledgement logged").isGreaterThan(registered);
        assertThat(log)
                .contains("configuration from " + Stack.SCHEME + "://127.0.0.1:" + Stack.CONTROL_PLANE
                        + "/v1/nodes/config");
    }

    @Then("the node's Worker API refuses a job without the node's token")
    public void workerRefusesWithoutToken() {
        Reply r = Stack.worker().post("/v1/worker/jobs:run", null, "{}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Reply wrong = Stack.worker().post("/v1/worker/jobs:run", "not-the-token", "{}");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Then("the control plane refuses the node endpoints without a node token")
    public void nodeEndpointsNeedToken() {
        assertThat(Stack.controlPlane().get("/v1/nodes/config", null).status()).isEqualTo(401);
        assertThat(Stack.controlPlane()
                        .post("/v1/nodes/config", null, "{\"version\":1}")
                        .status())
                .isEqualTo(401);
    }

    @Then("a registration with a wrong key is refused with {int}")
    public void wrongPsk(int status) {
        String body = Json.write(Map.of(
                "psk",
                "definitely-wrong",
                "capability",
                Map.of(
                        "version",
                        1,
                        "reported_at",
                        Instant.now().toString(),
                        "node",
                        Map.of("node_slug", "intruder"),
                        "platform",
                        Map.of("os", "linux", "arch", "amd64"),
                        "compute",
                        Map.of("cpu_cores", 1, "ram_mb", 1))));
        Reply r = Stack.controlPlane().post("/v1/nodes/register", null, body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Then("no log of the stack holds a secret")
    public void noSecretInLogs() {
        List<String> secrets = Stack.secrets();
        assertThat(secrets).isNotEmpty();
        for (String module : List.of(
                "orchestrator-control-plane", "orchestrator-user-gateway", "worker-node-manager", "worker-api")) {
            String log = Stack.log(module);
            for (String secret : secrets) {
                assertThat(log).as(module + " log").doesNotContain(secret);
            }
        }
    }

    @Then("no process command line or worker-api environment holds a secret")
    public void noSecretInProcesses() throws java.io.IOException {
        List<String> secrets = Stack.secrets();
        List<String> commandLines = ProcessHandle.allProcesses()
                .map(p -> p.info().commandLine().orElse(""))
                .toList();
        assertThat(commandLines)
                .anyMatch(c -> c.contains("worker-api-"))
                .anyMatch(c -> c.contains("worker-node-manager-"));
        for (String line : commandLines) {
            for (String secret : secrets) {
                assertThat(line).as("a process command line").doesNotContain(secret);
            }
        }
        long workerPid = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("--server.port=" + Stack.WORKER))
                .findFirst()
                .orElseThrow()
                .pid();
        String environ =
                new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/" + workerPid + "/environ")));
        assertThat(environ).contains("CYNODE_STATE_DIR=");
        for (String secret : secrets) {
            assertThat(environ).as("worker-api environment").doesNotContain(secret);
        }
    }

    @Then("no sandbox container is left within {int} seconds")
    public void noContainerLeft(int seconds) {
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(TestEngine.managedContainers()).isEmpty());
    }

    static TestHttp http(String service) {
        return switch (service) {
            case "gateway" -> Stack.gateway();
            case "control-plane" -> Stack.controlPlane();
            case "worker-api" -> Stack.worker();
            default -> throw new IllegalArgumentException(service);
        };
    }

    static JsonNode json(Reply r) {
        return Json.mapper().readTree(r.body());
    }
}
