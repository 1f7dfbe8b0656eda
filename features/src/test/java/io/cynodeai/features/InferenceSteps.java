package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestEngine;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Steps of a user or a program asking the model: prompt tasks, chat, API tokens. */
public class InferenceSteps {
    private String access;
    private String apiToken;
    private Reply last;
    private String taskId;
    private final List<String> chunks = new ArrayList<>();
    private String answer;

    private String access() {
        if (access == null) {
            Reply r = Stack.gateway()
                    .post(
                            "/v1/auth/login",
                            null,
                            Json.write(Map.of("handle", "admin", "password", Stack.adminPassword())));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            access = StackSteps.json(r).get("access_token").asString();
        }
        return access;
    }

    static String chatBody(String text, boolean stream) {
        return Json.write(Map.of(
                "model",
                "standin-echo",
                "stream",
                stream,
                "messages",
                List.of(Map.of("role", "user", "content", text))));
    }

    @Then("the models include {string} served by {string}")
    public void modelsInclude(String id, String owner) {
        Reply r = Stack.gateway().get("/v1/models", access());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = StackSteps.json(r);
        assertThat(body.get("object").asString()).isEqualTo("list");
        boolean found = false;
        for (JsonNode m : body.get("data")) {
            found |= id.equals(m.get("id").asString())
                    && owner.equals(m.get("owned_by").asString());
        }
        assertThat(found).as(r.body()).isTrue();
    }

    @Then("the inference container publishes no port and is alone on an internal network")
    public void internalOnly() {
        String id = Stack.inferenceContainers().getFirst();
        String ports = TestEngine.podman("ps", "--filter", "label=io.cynode.inference=true", "--format", "{{.Ports}}");
        assertThat(ports.strip()).isEmpty();
        String network = TestEngine.podman(
                        "inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", id)
                .strip();
        assertThat(network).isEqualTo("cynode-inference-e2e-node");
        assertThat(TestEngine.podman("network", "inspect", "--format", "{{.Internal}}", network)
                        .strip())
                .isEqualTo("true");
        assertThat(TestEngine.podman("ps", "-a", "-q", "--filter", "network=" + network)
                        .strip()
                        .lines())
                .hasSize(1);
    }

    @When("I create a task with the prompt {string}")
    public void createPrompt(String prompt) {
        Reply r = Stack.gateway().post("/v1/tasks", access(), Json.write(Map.of("prompt", prompt)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        taskId = StackSteps.json(r).get("task_id").asString();
    }

    @Then("the task completes with the answer {string} as its stdout")
    public void taskAnswer(String expected) {
        Reply r = Stack.gateway().get("/v1/tasks/" + taskId + "/result?wait_seconds=30", access());
        JsonNode body = StackSteps.json(r);
        assertThat(body.get("status").asString()).as(r.body()).isEqualTo("completed");
        JsonNode result = body.get("jobs").get(0).get("result");
        assertThat(result.get("stdout").asString()).isEqualTo(expected);
        assertThat(result.get("stderr").asString()).isEmpty();
        assertThat(result.get("exit_code").asInt()).isZero();
        String logs = StackSteps.json(Stack.gateway().get("/v1/tasks/" + taskId + "/logs", access()))
                .get("stdout")
                .asString();
        assertThat(logs).doesNotContain("not found");
    }

    @When("I chat {string} streaming")
    public void chatStreaming(String text) {
        last = Stack.gateway().post("/v1/chat/completions", access(), chatBody(text, true));
        assertThat(last.status()).as(last.body()).isEqualTo(200);
        assertThat(last.contentType()).startsWith("text/event-stream");
        StringBuilder text2 = new StringBuilder();
        chunks.clear();
        for (String line : last.body().split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                chunks.add(line);
                for (JsonNode choice : Json.mapper().readTree(line.substring(6)).path("choices")) {
                    text2.append(choice.path("delta").path("content").asString(""));
                }
            }
        }
        assertThat(last.body()).endsWith("data: [DONE]\n\n");
        answer = text2.toString();
    }

    @Then("the answer arrived in more than {int} chunks and reads {string}")
    public void answerChunks(int n, String expected) {
        assertThat(chunks.size()).isGreaterThan(n);
        assertThat(answer).isEqualTo(expected);
    }

    @Then("my latest thread holds {string} and the answer")
    public void threadHolds(String text) {
        JsonNode threads = StackSteps.json(Stack.gateway().get("/v1/chat/threads", access()))
                .get("threads");
        String id = threads.get(0).get("id").asString();
        JsonNode messages = StackSteps.json(Stack.gateway().get("/v1/chat/threads/" + id + "/messages", access()))
                .get("messages");
        List<String> contents = new ArrayList<>();
        messages.forEach(m -> contents.add(m.get("content").asString()));
        assertThat(contents).containsSubsequence(text, answer);
    }

    @When("I create an API token named {string}")
    public void createToken(String name) {
        Reply r = Stack.gateway().post("/v1/users/me/api_tokens", access(), Json.write(Map.of("name", name)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        apiToken = StackSteps.json(r).get("token").asString();
        assertThat(apiToken).startsWith("cyn_");
    }

    @Then("a chat with that token as the key is answered {string}")
    public void chatWithToken(String expected) {
        Reply r = Stack.gateway().post("/v1/chat/completions", apiToken, chatBody("hi from a program", false));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(StackSteps.json(r)
                        .get("choices")
                        .get(0)
                        .get("message")
                        .get("content")
                        .asString())
                .isEqualTo(expected);
    }

    @When("I chat {string} whole")
    public void chatWhole(String text) {
        last = Stack.gateway().post("/v1/chat/completions", access(), chatBody(text, false));
        assertThat(last.status()).as(last.body()).isEqualTo(200);
        answer = StackSteps.json(last)
                .get("choices")
                .get(0)
                .get("message")
                .get("content")
                .asString();
    }

    @Then("the answer holds {string} and not the key")
    public void redacted(String marker) {
        assertThat(answer).contains(marker).doesNotContain("sk-proj-abcdefghij0123456789xyz");
    }

    @When("I send the chat body {string}")
    public void sendBody(String body) {
        last = Stack.gateway().post("/v1/chat/completions", access(), body);
    }

    @Then("the chat is refused with {int} and the error names the parameter {string}")
    public void refused(int status, String param) {
        assertThat(last.status()).isEqualTo(status);
        JsonNode error = StackSteps.json(last).get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asString()).isEqualTo(param);
    }
}
