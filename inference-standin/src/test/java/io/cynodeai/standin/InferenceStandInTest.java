package io.cynodeai.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InferenceStandInTest {
    static InferenceStandIn standIn;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        standIn = InferenceStandIn.start("127.0.0.1", 0, Duration.ZERO, List.of("present"), "");
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standIn.port() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + standIn.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPulledModelIsListedAndAnswersOneWordPerNdjsonLine() throws Exception {
        assertThat(post("/api/chat", "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                        .statusCode())
                .as("not pulled yet")
                .isEqualTo(404);
        assertThat(post("/api/pull", "{\"model\":\"m1\"}").body()).contains("\"success\"");
        assertThat(get("/api/tags").body()).contains("\"m1:latest\"");
        var lines = post(
                        "/api/chat",
                        "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}")
                .body()
                .lines()
                .map(l -> Exchange.JSON.readTree(l))
                .toList();
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l.path("message").path("content").asString()));
        assertThat(text.toString()).isEqualTo("Stand-in answer: What is 2+2?");
        assertThat(lines).hasSize(6); // five words, then the end line
        JsonNode last = lines.getLast();
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("eval_count").asInt()).isEqualTo(5);
        assertThat(last.path("prompt_eval_count").asInt()).isEqualTo(3);
    }

    @Test
    void theOpenAiSideAnswersWholeWithUsage() throws Exception {
        JsonNode body = Exchange.JSON.readTree(post(
                        "/v1/chat/completions",
                        "{\"model\":\"present\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"ping\"}]}]}")
                .body());
        assertThat(body.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo("Stand-in answer: ping");
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(1 + 3);
        assertThat(body.path("id").asString()).startsWith("chatcmpl-");
    }

    @Test
    void theOpenAiSideStreamsRoleDeltasFinishUsageAndDone() throws Exception {
        String sse = post(
                        "/v1/chat/completions",
                        "{\"model\":\"present\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"a b\"}]}")
                .body();
        List<String> data = sse.lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> l.substring(6))
                .toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(data.getFirst()).contains("\"role\":\"assistant\"");
        assertThat(data).anyMatch(d -> d.contains("\"finish_reason\":\"stop\""));
        assertThat(data.get(data.size() - 2)).contains("\"usage\"");
        assertThat(data.stream().filter(d -> d.contains("\"content\":\"b\"")).count())
                .isEqualTo(1);
    }

    @Test
    void aFencedBlockWithToolsOfferedBecomesACallOfTheFirstTool() throws Exception {
        String req =
                "{\"model\":\"present\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"run_commands\"}}],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"please\\n```sh\\necho hi\\nls\\n```\"}]}";
        JsonNode message = Exchange.JSON
                .readTree(post("/v1/chat/completions", req).body())
                .path("choices")
                .get(0)
                .path("message");
        JsonNode call = message.path("tool_calls").get(0).path("function");
        assertThat(call.path("name").asString()).isEqualTo("run_commands");
        assertThat(Exchange.JSON.readTree(call.path("arguments").asString()).path("commands"))
                .hasSize(2);
        String streamed = post("/v1/chat/completions", req.replace("{\"model\"", "{\"stream\":true,\"model\""))
                .body();
        assertThat(streamed).contains("\"tool_calls\":[{\"index\":0").contains("\"finish_reason\":\"tool_calls\"");
    }

    @Test
    void aToolResultComesBackAfterItsPrefix() throws Exception {
        JsonNode body = Exchange.JSON.readTree(post(
                        "/v1/chat/completions",
                        "{\"model\":\"present\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                                + "{\"role\":\"tool\",\"tool_call_id\":\"c\",\"content\":\"exit 0: hi\"}]}")
                .body());
        assertThat(body.path("choices").get(0).path("message").path("content").asString())
                .isEqualTo("Tool result: exit 0: hi");
    }

    @Test
    void aMidstreamFailureBreaksTheConnectionOff() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> post(
                                "/v1/chat/completions",
                                "{\"model\":\"present\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"[standin:fail-midstream] a b c\"}]}"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void unknownModelsAndBadBodiesAreRefusedInTheOpenAiShape() throws Exception {
        var unknown = post("/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("model_not_found");
        assertThat(post("/v1/chat/completions", "{not json").statusCode()).isEqualTo(400);
        assertThat(get("/").body()).isEqualTo("Ollama is running");
    }
}
