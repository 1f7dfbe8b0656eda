package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Steps of a user of the gateway: logging in, tasks and their results. */
public class UserSteps {
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "canceled");

    private String access;
    private String refresh;
    private String oldRefresh;
    private String taskId;
    private Duration waited;
    private JsonNode waitedFor;
    private Reply last;
    private final Map<String, String> named = new HashMap<>();

    @Given("I am logged in as admin")
    @When("I log in as admin with the bootstrap password")
    public void loginAsAdmin() {
        Reply r = Stack.gateway()
                .post("/v1/auth/login", null, Json.write(Map.of("handle", "admin", "password", Stack.adminPassword())));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = StackSteps.json(r);
        access = body.get("access_token").asString();
        refresh = body.get("refresh_token").asString();
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
    }

    @When("I log in as admin with the password {string}")
    public void loginWrong(String password) {
        last = Stack.gateway()
                .post("/v1/auth/login", null, Json.write(Map.of("handle", "admin", "password", password)));
    }

    @Then("the login is refused with {int}")
    public void loginRefused(int status) {
        assertThat(last.status()).isEqualTo(status);
        assertThat(last.contentType()).startsWith("application/problem+json");
    }

    @Then("{string} tells me I am {string}")
    public void meTells(String path, String handle) {
        Reply r = Stack.gateway().get(path, access);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(StackSteps.json(r).get("handle").asString()).isEqualTo(handle);
    }

    @When("I refresh my session")
    public void refresh() {
        Reply r = Stack.gateway().post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", refresh)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        oldRefresh = refresh;
        refresh = StackSteps.json(r).get("refresh_token").asString();
        access = StackSteps.json(r).get("access_token").asString();
    }

    @Then("the old refresh token no longer works")
    public void oldRefreshFails() {
        assertThat(Stack.gateway()
                        .post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", oldRefresh)))
                        .status())
                .isEqualTo(401);
    }

    @When("I log out")
    public void logout() {
        Reply r = Stack.gateway().post("/v1/auth/logout", access, Json.write(Map.of("refresh_token", refresh)));
        assertThat(r.status()).isEqualTo(204);
    }

    @Then("my access token no longer works")
    public void accessFails() {
        assertThat(Stack.gateway().get("/v1/users/me", access).status()).isEqualTo(401);
    }

    @When("I create a task with the command {string}")
    public void createTask(String command) {
        Reply r = Stack.gateway()
                .post("/v1/tasks", access, Json.write(Map.of("prompt", command, "input_mode", "commands")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode task = StackSteps.json(r);
        assertThat(task.get("status").asString()).isEqualTo("queued");
        taskId = task.get("task_id").asString();
    }

    @When("I create a task running the commands")
    public void createCommands(io.cucumber.datatable.DataTable commands) {
        created(Map.of("input_mode", "commands", "commands", commands.asList()));
    }

    @When("I create a task running the script")
    public void createScript(String script) {
        created(Map.of("input_mode", "script", "script", script));
    }

    @When("I create a task named {string} with the command {string}")
    public void createNamed(String name, String command) {
        created(Map.of("input_mode", "commands", "commands", java.util.List.of(command), "task_name", name));
    }

    @Then("the task is called {string}")
    public void calledAs(String name) {
        JsonNode task = StackSteps.json(Stack.gateway().get("/v1/tasks/" + taskId, access));
        assertThat(task.get("task_name").asString()).isEqualTo(name);
    }

    @Then("the task {string} is {word} within {int} seconds")
    public void namedReaches(String name, String status, int seconds) {
        String id = StackSteps.json(Stack.gateway().get("/v1/tasks/" + name, access))
                .get("task_id")
                .asString();
        assertThat(id).isEqualTo(taskId);
        taskReaches(status, seconds);
    }

    @Then("the result of {string} says exit code {int}, stdout {string} and stderr {string}, run on a named node")
    public void topLevelResult(String ref, int code, String stdout, String stderr) {
        Reply r = Stack.gateway().get("/v1/tasks/" + ref(ref) + "/result", access);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = StackSteps.json(r);
        assertThat(result.get("exit_code").asInt()).as(r.body()).isEqualTo(code);
        assertThat(result.get("stdout").asString()).isEqualTo(stdout.replace("\\n", "\n"));
        assertThat(result.get("stderr").asString()).isEqualTo(stderr.replace("\\n", "\n"));
        assertThat(result.get("jobs").get(0).get("node_slug").asString()).isNotBlank();
    }

    @Then("the {word} log of {string} is the lines")
    public void logLines(String stream, String ref, io.cucumber.datatable.DataTable lines) {
        Reply r = Stack.gateway().get("/v1/tasks/" + ref(ref) + "/logs?stream=" + stream, access);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        java.util.List<String> got = new java.util.ArrayList<>();
        StackSteps.json(r).get("lines").forEach(l -> got.add(l.asString()));
        assertThat(got).isEqualTo(lines.asList());
    }

    /** A task's name as written, or the id of the task just created for "the task". */
    private String ref(String ref) {
        return ref.equals("the task") ? taskId : ref;
    }

    private void created(Map<String, ?> body) {
        Reply r = Stack.gateway().post("/v1/tasks", access, Json.write(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        taskId = StackSteps.json(r).get("task_id").asString();
    }

    @When("I wait up to {int} seconds for the task's result in one request")
    public void waitForResult(int seconds) {
        long t0 = System.nanoTime();
        Reply r = Stack.gateway().get("/v1/tasks/" + taskId + "/result?wait_seconds=" + seconds, access);
        waited = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        waitedFor = StackSteps.json(r);
    }

    @Then("the answer came when the task ended, as {word}")
    public void answerCameAtTheEnd(String status) {
        assertThat(waitedFor.get("status").asString()).isEqualTo(status);
        // The command sleeps 1 s: an answer before that did not wait; one near the limit did not wake.
        assertThat(waited).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(15));
    }

    @Then("the job shows when it was queued and when it was picked up")
    public void jobShowsPickup() {
        JsonNode job = StackSteps.json(Stack.gateway().get("/v1/tasks/" + taskId + "/result", access))
                .get("jobs")
                .get(0);
        Instant queued = Instant.parse(job.get("queued_at").asString());
        Instant started = Instant.parse(job.get("started_at").asString());
        assertThat(queued).isBeforeOrEqualTo(started);
        assertThat(Duration.between(queued, started)).isLessThan(Duration.ofSeconds(5));
    }

    @Then("the task is {word} within {int} seconds")
    public void taskReaches(String status, int seconds) {
        // Stops waiting as soon as the task has ended some other way: that is the failure to report.
        String now = await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> StackSteps.json(Stack.gateway().get("/v1/tasks/" + taskId, access))
                                .get("status")
                                .asString(),
                        s -> s.equals(status) || TERMINAL.contains(s));
        assertThat(now).as("task status").isEqualTo(status);
    }

    @Then("its result has exit code {int} and stdout {string}")
    public void resultHas(int code, String stdout) {
        JsonNode job = result();
        assertThat(job.get("exit_code").asInt()).isEqualTo(code);
        assertThat(job.get("stdout").asString()).isEqualTo(stdout.replace("\\n", "\n"));
    }

    @Then("its stdout is {string}")
    public void stdoutIs(String stdout) {
        assertThat(result().get("stdout").asString()).isEqualTo(stdout.replace("\\n", "\n"));
    }

    @Then("its stdout contains the task id")
    public void stdoutHasTaskId() {
        assertThat(result().get("stdout").asString()).contains(taskId);
    }

    @Then("its result status is {string}")
    public void resultStatus(String status) {
        assertThat(result().get("status").asString()).isEqualTo(status);
    }

    @Then("the task logs show stdout {string}")
    public void logsShow(String stdout) {
        Reply r = Stack.gateway().get("/v1/tasks/" + taskId + "/logs", access);
        assertThat(StackSteps.json(r).get("stdout").asString()).isEqualTo(stdout.replace("\\n", "\n"));
    }

    @When("I cancel the task")
    public void cancel() {
        Reply r = Stack.gateway().post("/v1/tasks/" + taskId + "/cancel", access, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(StackSteps.json(r).get("canceled").asBoolean()).isTrue();
    }

    @When("I remember the task as {string}")
    public void remember(String name) {
        named.put(name, taskId);
    }

    @When("another user {string} is created and logs in")
    public void otherUser(String handle) {
        String password = "password-of-" + handle + "-e2e";
        Reply created =
                Stack.gateway().post("/v1/users", access, Json.write(Map.of("handle", handle, "password", password)));
        assertThat(created.status()).as(created.body()).isIn(201, 409);
        Reply r = Stack.gateway()
                .post("/v1/auth/login", null, Json.write(Map.of("handle", handle, "password", password)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        access = StackSteps.json(r).get("access_token").asString();
        refresh = StackSteps.json(r).get("refresh_token").asString();
    }

    @Then("the task {string} is not found for me")
    public void notFound(String name) {
        String id = named.get(name);
        for (String path :
                new String[] {"/v1/tasks/" + id, "/v1/tasks/" + id + "/result", "/v1/tasks/" + id + "/logs"}) {
            Reply r = Stack.gateway().get(path, access);
            assertThat(r.status()).isEqualTo(404);
        }
        assertThat(Stack.gateway()
                        .post("/v1/tasks/" + id + "/cancel", access, null)
                        .status())
                .isEqualTo(404);
    }

    private JsonNode result() {
        Reply r = Stack.gateway().get("/v1/tasks/" + taskId + "/result", access);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode jobs = StackSteps.json(r).get("jobs");
        assertThat(jobs.size()).isEqualTo(1);
        return jobs.get(0).get("result");
    }
}
