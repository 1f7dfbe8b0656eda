package io.cynodeai.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAI-compatible chat through the gateway, with the official OpenAI Java SDK as its client. */
class ChatIT extends StandInGateway {
    @Test
    void theSdkListsTheModelsAPathServes() {
        assertThat(openai.models().list().data()).extracting(Model::id).contains("standin-echo");
        assertThat(openai.models().retrieve("standin-echo").ownedBy()).isEqualTo("external");
    }

    @Test
    void theSdkGetsAWholeAnswerWithUsage() {
        var completion = openai.chat().completions().create(ask("What is 2+2?"));
        assertThat(completion.choices().getFirst().message().content()).contains("Stand-in answer: What is 2+2?");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(3 + 5);
    }

    @Test
    void theSdkStreamsTheAnswerChunkByChunkWithUsageLast() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        var params = ask("one two three").toBuilder()
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunks::add);
        }
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("Stand-in answer: one two three");
        assertThat(chunks.size())
                .as("a chunk per word, not one buffered answer")
                .isGreaterThanOrEqualTo(5);
        assertThat(chunks.getLast().usage().orElseThrow().completionTokens()).isEqualTo(5);
    }

    @Test
    void toolCallsComeBackAsStreamedToolCallDeltas() {
        var params = ChatCompletionCreateParams.builder()
                .model("standin-echo")
                .addUserMessage("run this\n```\necho hi\n```")
                .addTool(com.openai.models.chat.completions.ChatCompletionFunctionTool.builder()
                        .function(com.openai.models.FunctionDefinition.builder()
                                .name("my_tool")
                                .build())
                        .build())
                .build();
        StringBuilder name = new StringBuilder();
        StringBuilder args = new StringBuilder();
        try (var stream = openai.chat().completions().createStreaming(params)) {
            stream.stream()
                    .forEach(c -> c.choices()
                            .forEach(ch -> ch.delta()
                                    .toolCalls()
                                    .ifPresent(calls -> calls.forEach(tc -> {
                                        tc.function().flatMap(f -> f.name()).ifPresent(name::append);
                                        tc.function()
                                                .flatMap(f -> f.arguments())
                                                .ifPresent(args::append);
                                    }))));
        }
        assertThat(name.toString()).isEqualTo("my_tool");
        assertThat(Json.mapper()
                        .readTree(args.toString())
                        .get("commands")
                        .get(0)
                        .asString())
                .isEqualTo("echo hi");
    }

    @Test
    void anUnknownModelIsModelNotFound() {
        assertThatThrownBy(() -> openai.chat()
                        .completions()
                        .create(ask("x").toBuilder().model("nope").build()))
                .isInstanceOf(NotFoundException.class);
        Reply r = http.post(
                "/v1/chat/completions",
                token,
                "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(error(r).get("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void malformedRequestsAre400InTheOpenAiShapeNamingTheField() {
        Map<String, String> cases = Map.of(
                "{\"model\":\"standin-echo\"}", "messages",
                "{\"model\":\"standin-echo\",\"messages\":[]}", "messages",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}", "n",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}", "temperature",
                "{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role",
                "{\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "stream");
        cases.forEach((body, param) -> {
            Reply r = http.post("/v1/chat/completions", token, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(error(r).get("type").asString()).isEqualTo("invalid_request_error");
            assertThat(error(r).get("param").asString()).as(body).isEqualTo(param);
        });
        Reply notJson = http.post("/v1/chat/completions", token, "{nope");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(error(notJson).get("message").asString()).contains("JSON");
    }

    @Test
    void noTokenIs401AndAnOversizedBodyIs413BothInTheOpenAiShape() {
        Reply anonymous = http.post("/v1/chat/completions", null, "{}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(error(anonymous).get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(http.get("/v1/models", null).body()).contains("\"error\"");
        String big = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(2_100_000) + "\"}]}";
        Reply tooLarge = http.post("/v1/chat/completions", token, big);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(error(tooLarge).get("code").asString()).isEqualTo("request_too_large");
    }

    @Test
    void eachExchangeIsStoredInTheUsersThreadAndOnlyTheyReadIt() {
        String project = "project-" + System.nanoTime();
        Reply r = http.send(
                http.builder("/v1/chat/completions", token)
                        .header("OpenAI-Project", project)
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"standin-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"remember me\"}]}")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // Stored once the answer has gone out: a moment after the client has it.
        String id = await().atMost(Duration.ofSeconds(5)).until(() -> threadOf(project), java.util.Objects::nonNull);
        JsonNode messages = Json.mapper()
                .readTree(
                        http.get("/v1/chat/threads/" + id + "/messages", token).body())
                .get("messages");
        assertThat(messages.get(0).get("role").asString()).isEqualTo("user");
        assertThat(messages.get(0).get("content").asString()).isEqualTo("remember me");
        assertThat(messages.get(1).get("content").asString()).isEqualTo("Stand-in answer: remember me");
        String other = otherUser();
        assertThat(http.get("/v1/chat/threads/" + id + "/messages", other).status())
                .isEqualTo(404);
    }

    String threadOf(String project) {
        for (JsonNode t : Json.mapper()
                .readTree(http.get("/v1/chat/threads", token).body())
                .get("threads")) {
            if (project.equals(t.get("project").asString())) {
                return t.get("id").asString();
            }
        }
        return null;
    }

    @Test
    void secretsAreRedactedBeforeTheModelOrTheThreadSeesThemAndTheAuditSaysWhichKinds() {
        String key = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2";
        var answer = openai.chat()
                .completions()
                .create(ask("my key is " + key + " ok"))
                .choices()
                .getFirst()
                .message()
                .content()
                .orElseThrow();
        assertThat(answer).as("what the model saw").doesNotContain(key).contains("SECRET_REDACTED");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.sql("select count(*) from chat_messages where content = ?")
                                .param("my key is SECRET_REDACTED ok")
                                .query(Long.class)
                                .single()
                        > 0);
        assertThat(jdbc.sql("select count(*) from chat_messages where content like ?")
                        .param("%" + key + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from inference_audit where 'openai_key' = any(redactions)")
                        .query(Long.class)
                        .single())
                .isPositive();
        assertThat(jdbc.sql("select count(*) from inference_audit where array_to_string(redactions, ',') like ?")
                        .param("%" + key + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void everyRequestIsAuditedWithItsPathTokensAndOutcome() {
        openai.chat().completions().create(ask("audit me now please right away"));
        // Stored once the answer has gone out: a moment after the client has it.
        String row8 = "select path, outcome, prompt_tokens, completion_tokens, model from inference_audit"
                + " where completion_tokens = 8 order by id desc limit 1";
        var row = await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.sql(row8).query().listOfRows(), rows -> !rows.isEmpty())
                .getFirst();
        assertThat(row)
                .containsEntry("path", "external")
                .containsEntry("outcome", "ok")
                .containsEntry("model", "standin-echo");
        assertThat(row.get("completion_tokens")).isEqualTo(8);
        assertThat(row.get("prompt_tokens")).isEqualTo(6);
    }

    @Test
    void aBackendThatBreaksOffMidStreamEndsTheStreamWithAnErrorTheSdkRaisesAndTheThreadRecords() {
        assertThatThrownBy(() -> {
                    try (var stream =
                            openai.chat().completions().createStreaming(ask("[standin:fail-midstream] a b c d"))) {
                        stream.stream().forEach(c -> {});
                    }
                })
                .isInstanceOf(RuntimeException.class);
        await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> jdbc.sql("select a.status from chat_messages a join chat_messages q"
                                        + " on q.thread_id = a.thread_id and a.id = q.id + 1"
                                        + " where a.role = 'assistant' and q.content like '[standin:fail-midstream]%'")
                                .query(String.class)
                                .list(),
                        statuses -> statuses.equals(List.of("error")));
    }

    @Test
    void twoHundredHangingChatsLeaveTheGatewayResponsive() throws Exception {
        HttpClient client = HttpClient.newBuilder().build();
        List<CompletableFuture<HttpResponse<Void>>> hanging = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hanging.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(20))
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"standin-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"[standin:hang]\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        Thread.sleep(2000); // let them all reach the backend and wait there
        assertThat(hanging).noneMatch(CompletableFuture::isDone);
        long start = System.nanoTime();
        assertThat(http.get("/v1/models", token).status()).isEqualTo(200);
        var completion = openai.chat().completions().create(ask("still here"));
        assertThat(completion.choices().getFirst().message().content().orElseThrow())
                .contains("still here");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        hanging.forEach(f -> f.cancel(true));
        client.shutdownNow();
        STANDIN.releaseHangs(); // the backend answers at last; the gateway finds its callers gone
    }
}
