package io.cynodeai.gateway.chat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.gateway.agent.AgentLoop;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.gateway.redact.SecretRedactor;
import io.cynodeai.inference.ChatRouter;
import io.cynodeai.inference.InferenceFailure;
import io.cynodeai.inference.InferencePaths;
import io.cynodeai.serviceweb.problem.OpenAiErrorShape;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/chat/completions}, as the OpenAI client libraries use it: whole, or streamed as
 * server-sent events with each event written as the model produces it and {@code [DONE]} at the
 * end. Runs on the request's own (virtual) thread, so waiting chats hold no pool. The status is
 * sent with the first event: a failure before it gets its own status; after it, an error event
 * ends the stream. A caller that goes away closes the backend call. Answers are relayed as the
 * backend wrote them. The exchange is stored (and audited) in one statement once the answer has
 * gone out, off the request's thread, so the database adds no wait to it.
 */
@Tag(name = "chat", description = "OpenAI-compatible chat completions")
@RestController
class ChatController {
    private final ChatRouter router;
    private final InferencePaths paths;
    private final Threads threads;
    private final InferenceAudit audit;
    private final ExecutorService recorder;
    private final AgentReplies agent;

    ChatController(
            ChatRouter router,
            InferencePaths paths,
            Threads threads,
            InferenceAudit audit,
            ChatRecorder recorder,
            AgentReplies agent) {
        this.agent = agent;
        this.recorder = recorder.executor();
        this.router = router;
        this.paths = paths;
        this.threads = threads;
        this.audit = audit;
    }

    @Operation(summary = "Create a chat completion (OpenAI-compatible; stream: true for server-sent events)")
    @ApiResponse(responseCode = "200", description = "The completion, or its event stream")
    @ApiResponse(responseCode = "400", description = "The request is malformed (OpenAI error shape)")
    @ApiResponse(responseCode = "404", description = "No path serves the model")
    @ApiResponse(responseCode = "503", description = "No inference path can answer now")
    @PostMapping(value = "/v1/chat/completions", consumes = MediaType.ALL_VALUE)
    void completions(
            @AuthenticationPrincipal UserPrincipal me,
            @RequestBody(required = false) byte[] raw,
            @RequestHeader(name = "OpenAI-Project", required = false) String project,
            HttpServletRequest http,
            HttpServletResponse response)
            throws IOException {
        ChatRequest parsed = ChatRequest.parse(raw == null ? new byte[0] : raw);
        Outcome outcome = new Outcome(me, project, parsed);
        try {
            if (agent.handles(parsed.model())) {
                outcome.request = parsed.withModel(AgentLoop.MODEL);
                AgentLoop.Run run = parsed.stream()
                        ? agent.stream(
                                me, http.getRemoteAddr(), outcome.project, outcome.request, response, outcome.answer)
                        : agent.whole(
                                me, http.getRemoteAddr(), outcome.project, outcome.request, response, outcome.answer);
                outcome.path = "agent:" + run.steps() + ":" + run.path();
                outcome.tasks = run.tasks();
                outcome.end("ok", true);
                return;
            }
            String model = paths.resolve(parsed.model())
                    .orElseThrow(() ->
                            new InferenceFailure(InferenceFailure.Kind.NO_PATH, "no inference path can answer now"));
            outcome.request = parsed.withModel(model);
            if (parsed.stream()) {
                stream(outcome.request, response, outcome);
            } else {
                whole(outcome.request, response, outcome);
            }
            outcome.end("ok", true);
        } catch (ChatRouter.CallerGone e) {
            outcome.end("canceled", false);
        } catch (InferenceFailure e) {
            outcome.end(e.kind().name().toLowerCase(Locale.ROOT), false);
            if (!response.isCommitted()) {
                throw e;
            }
            // The stream had begun: end it with an error event, as OpenAI's own servers do.
            sse(
                    response.getOutputStream(),
                    Json.write(OpenAiErrorShape.body(e.kind().status, e.getMessage(), e.kind().code)));
        }
    }

    private void whole(ChatRequest request, HttpServletResponse response, Outcome outcome) throws IOException {
        var routed = router.completeRaw(request.params());
        byte[] body = routed.value();
        outcome.path = routed.path().name();
        JsonNode completion = Json.mapper().readTree(body);
        JsonNode first = completion.path("choices").path(0);
        JsonNode content = first.path("message").path("content");
        outcome.answer.append(content.isString() ? content.asString() : "");
        usage(completion, outcome);
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        ServletOutputStream out = response.getOutputStream();
        out.write(body);
        out.flush();
    }

    private void stream(ChatRequest request, HttpServletResponse response, Outcome outcome) {
        ServletOutputStream[] out = {null};
        var routed = router.stream(request.params(), data -> {
            try {
                if (out[0] == null) {
                    out[0] = ChatWeb.eventStream(response);
                }
                sse(out[0], data);
                collect(data, outcome);
            } catch (IOException e) {
                throw new ChatRouter.CallerGone(e);
            }
        });
        outcome.path = routed.path().name();
        try {
            if (out[0] == null) {
                throw new InferenceFailure(InferenceFailure.Kind.BACKEND, "the model sent no answer");
            }
            sse(out[0], "[DONE]");
        } catch (IOException e) {
            throw new ChatRouter.CallerGone(e);
        }
        if (outcome.backendError) {
            outcome.end("backend", false);
            outcome.ended = true;
        }
    }

    /** What a relayed event says: its text, its usage, or the backend's error. */
    private static void collect(String data, Outcome outcome) {
        JsonNode event = Json.mapper().readTree(data);
        if (event.has("error")) {
            outcome.backendError = true;
            return;
        }
        for (JsonNode choice : event.path("choices")) {
            JsonNode content = choice.path("delta").path("content");
            if (content.isString()) {
                outcome.answer.append(content.asString());
            }
        }
        usage(event, outcome);
    }

    private static void usage(JsonNode answer, Outcome outcome) {
        JsonNode usage = answer.path("usage");
        if (usage.isObject()) {
            outcome.promptTokens = usage.path("prompt_tokens").asLong();
            outcome.completionTokens = usage.path("completion_tokens").asLong();
        }
    }

    private static void sse(ServletOutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** What one request came to, for its thread and its audit record. */
    private final class Outcome {
        final UserPrincipal me;
        final String project;
        final Instant start = Instant.now();
        final StringBuilder answer = new StringBuilder();
        ChatRequest request;
        String path;
        Long promptTokens;
        Long completionTokens;
        boolean backendError;
        boolean ended;
        /** The tasks the acting model ran for this request. */
        List<UUID> tasks = List.of();

        Outcome(UserPrincipal me, String project, ChatRequest request) {
            this.me = me;
            this.project = project == null || project.isBlank() ? Threads.DEFAULT_PROJECT : project;
            this.request = request;
        }

        void end(String result, boolean ok) {
            if (ended) {
                return;
            }
            ended = true;
            Duration took = Duration.between(start, Instant.now());
            boolean answered = ok || !answer.isEmpty();
            var exchange = new Threads.Exchange(
                    me.userId(),
                    project,
                    request.messages(),
                    request.model(),
                    answered ? SecretRedactor.redact(answer.toString()).text() : null,
                    ok,
                    path,
                    request.stream(),
                    promptTokens,
                    completionTokens,
                    took,
                    result,
                    request.redactions(),
                    tasks);
            // Off the request's thread: the next request on this connection need not wait for it.
            recorder.submit(() -> threads.record(exchange));
            audit.count(result, path, request.stream(), took);
        }
    }
}
