package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestEngine;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/** Steps about many nodes and two control planes (nodes.md §2–4): spread, labels, drain, loss. */
public class ManyNodeSteps {
    private static final Set<String> ENDED = Set.of("completed", "failed", "canceled");

    private String admin;
    private final Map<String, List<String>> batches = new HashMap<>();
    private final Instant startedAt = Instant.now();

    @Given("the stack of {int} nodes and {int} control planes is up")
    public void theStackIsUp(int nodes, int controlPlanes) {
        Stack.ensureUp(new Stack.Shape(nodes, controlPlanes));
        Reply r = Stack.gateway()
                .post("/v1/auth/login", null, Json.write(Map.of("handle", "admin", "password", Stack.adminPassword())));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        admin = StackSteps.json(r).get("access_token").asString();
        // every node there, active and heard from (one may be starting again after a scenario)
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(statuses().values()).hasSize(nodes).containsOnly("active"));
    }

    @When("I create {int} task(s) {string} running {string}")
    public void create(int n, String batch, String command) {
        create(n, batch, command, null);
    }

    @When("I create {int} task(s) {string} running {string} on nodes labelled {string}")
    public void create(int n, String batch, String command, String label) {
        List<String> ids = batches.computeIfAbsent(batch, b -> new ArrayList<>());
        for (int i = 0; i < n; i++) {
            Reply r = Stack.gateway().post("/v1/tasks", admin, Json.write(body(command, label)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            ids.add(StackSteps.json(r).get("task_id").asString());
        }
    }

    private static Map<String, Object> body(String command, String label) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input_mode", "commands");
        body.put("commands", List.of(command));
        if (label != null) {
            body.put("node_selector", Map.of("labels", List.of(label)));
        }
        return body;
    }

    @Then("a task for nodes labelled {string} is refused with {int} {string}")
    public void refused(String label, int status, String type) {
        Reply r = Stack.gateway().post("/v1/tasks", admin, Json.write(body("true", label)));
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(StackSteps.json(r).get("type").asString()).endsWith("/" + type);
    }

    @Then("the tasks {string} are completed within {int} seconds, each with one result")
    public void completed(String batch, int seconds) {
        List<String> ids = batches.get(batch);
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(ids.stream().map(this::status).filter(ENDED::contains))
                        .as("tasks of " + batch + " ended")
                        .hasSize(ids.size()));
        for (String id : ids) {
            JsonNode result = result(id);
            assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("completed");
            assertThat(result.get("exit_code").asInt()).as(result.toString()).isZero();
            assertThat(result.get("jobs")).as("one result").hasSize(1);
        }
    }

    @Then("the tasks {string} ran on every one of {string}")
    public void ranOnEvery(String batch, String slugs) {
        assertThat(nodesOf(batch).keySet()).containsExactlyInAnyOrder(slugs.split(",\\s*"));
    }

    @Then("the tasks {string} ran only on {string}")
    public void ranOnlyOn(String batch, String slug) {
        assertThat(nodesOf(batch).keySet()).containsExactly(slug);
    }

    @Then("none of the tasks {string} ran on {string}")
    public void noneRanOn(String batch, String slug) {
        assertThat(nodesOf(batch).keySet()).doesNotContain(slug);
    }

    /** How many of the batch's tasks ran on each node. */
    private Map<String, Long> nodesOf(String batch) {
        return batches.get(batch).stream()
                .map(id -> result(id).get("jobs").get(0).get("node_slug").asString())
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    @When("within {int} seconds {string} holds a running job")
    public void holdsARunningJob(int seconds, String slug) {
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(node(slug).get("running_jobs").asInt())
                        .as(slug + " running jobs")
                        .isPositive());
    }

    @When("an administrator asks to {word} the node {string}")
    public void adminAction(String verb, String slug) {
        Reply r = Stack.gateway().post("/v1/nodes/" + slug + "/" + verb, admin, "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Then("within {int} seconds the administrators' view shows {string} as {string}")
    public void viewShows(int seconds, String slug, String status) {
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(statuses()).containsEntry(slug, status));
    }

    @When("the operator {word}s node {int}")
    @When("the operator {word}s node {int} again")
    public void operator(String verb, int i) {
        Stack.node(verb, i);
    }

    @When("the operator kills control-plane replica {int} with SIGKILL")
    public void killReplica(int r) {
        ProcessHandle replica =
                ProcessHandle.of(Stack.pid("orchestrator-control-plane-" + r)).orElseThrow();
        replica.destroyForcibly(); // SIGKILL
        await().atMost(Duration.ofSeconds(10)).until(() -> !replica.isAlive());
    }

    @When("{int} of the tasks {string} have ended")
    public void someEnded(int n, String batch) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> batches.get(batch).stream()
                                .map(this::status)
                                .filter(ENDED::contains)
                                .count()
                        >= n);
    }

    @Then("within {int} seconds node {int}'s node manager has exited")
    public void nodeManagerExited(int seconds, int i) {
        ProcessHandle manager =
                ProcessHandle.of(Stack.pid("worker-node-manager-" + i)).orElse(null);
        if (manager != null) {
            await().atMost(Duration.ofSeconds(seconds)).until(() -> !manager.isAlive());
        }
        String log = Stack.log("worker-node-manager-" + i);
        assertThat(log.indexOf("drained")).as("drained before it stopped").isGreaterThan(log.indexOf("draining:"));
    }

    /**
     * Every job of the batch made one sandbox container, on one node: the engine's own record of
     * the containers created since the scenario began ({@code podman events}), by job id.
     */
    @Then("no job of the tasks {string} ran twice")
    public void noneRanTwice(String batch) {
        Set<String> jobs = batches.get(batch).stream()
                .map(id -> result(id).get("jobs").get(0).get("id").asString())
                .collect(Collectors.toSet());
        String events = TestEngine.podman(
                "events",
                "--since",
                startedAt.minusSeconds(1).toString(),
                "--until",
                Instant.now().plusSeconds(1).toString(),
                "--filter",
                "event=create",
                "--filter",
                "label=io.cynode.managed=true",
                "--format",
                "{{.Name}}");
        Map<String, Long> created = Arrays.stream(events.split("\\s+"))
                .filter(n -> n.startsWith("cynode-job-"))
                .map(n -> n.substring("cynode-job-".length(), "cynode-job-".length() + 36))
                .filter(jobs::contains)
                .collect(Collectors.groupingBy(j -> j, Collectors.counting()));
        assertThat(created.keySet()).as("a container for every job").hasSameSizeAs(jobs);
        assertThat(created.values()).as("containers per job").containsOnly(1L);
    }

    /**
     * A result that came back after its job had run again elsewhere: on the job's history
     * ({@code job_history}, read from the stack's database), not in place of the task's result.
     */
    @Then("within {int} seconds a late result from {string} is on the history of one of the tasks {string}")
    public void lateResult(int seconds, String slug, String batch) {
        List<String> ids = batches.get(batch);
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(lateResults(ids)).contains(slug));
    }

    private static List<String> lateResults(List<String> taskIds) throws SQLException {
        try (var db = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + Stack.DB + "/postgres", "postgres", "");
                var q = db.prepareStatement("select n.slug from job_history h join jobs j on j.id = h.job_id"
                        + " join nodes n on n.id = h.node_id"
                        + " where h.event = 'late_result' and j.task_id = any(cast(? as uuid[]))")) {
            q.setArray(1, db.createArrayOf("text", taskIds.toArray()));
            List<String> slugs = new ArrayList<>();
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    slugs.add(rs.getString(1));
                }
            }
            return slugs;
        }
    }

    private String status(String taskId) {
        Reply r = Stack.gateway().get("/v1/tasks/" + taskId, admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StackSteps.json(r).get("status").asString();
    }

    private JsonNode result(String taskId) {
        Reply r = Stack.gateway().get("/v1/tasks/" + taskId + "/result", admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StackSteps.json(r);
    }

    private JsonNode node(String slug) {
        Reply r = Stack.gateway().get("/v1/nodes/" + slug, admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StackSteps.json(r);
    }

    private Map<String, String> statuses() {
        Reply r = Stack.gateway().get("/v1/nodes", admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StreamSupport.stream(StackSteps.json(r).get("nodes").spliterator(), false)
                .collect(Collectors.toMap(
                        n -> n.get("node_slug").asString(),
                        n -> n.get("status").asString(),
                        (a, b) -> a,
                        TreeMap::new));
    }
}
