package io.cynodeai.standin;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** TEST DOUBLE: the OpenAI-compatible models and chat completions, SSE streaming as OpenAI does it. */
final class OpenAiRoutes {
    private final Models models;
    private final Duration wordDelay;
    private final String apiKey;

    /** @param apiKey when set, every request must carry it as its Bearer credential */
    OpenAiRoutes(Models models, Duration wordDelay, String apiKey) {
        this.models = models;
        this.wordDelay = wordDelay;
        this.apiKey = apiKey;
    }

    /** False (and a 401 sent) when a key is required and missing or wrong. */
    boolean authorized(Exchange x) throws IOException {
        if (apiKey == null || apiKey.isBlank() || ("Bearer " + apiKey).equals(x.header("Authorization"))) {
            return true;
        }
        x.json(401, error("Incorrect API key provided", "invalid_request_error", "invalid_api_key"));
        return false;
    }

    void models(Exchange x) throws IOException {
        ObjectNode body = Exchange.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        models.all()
                .forEach((name, at) -> data.addObject()
                        .put("id", name)
                        .put("object", "model")
                        .put("created", at.getEpochSecond())
                        .put("owned_by", "standin"));
        x.json(200, body);
    }

    void chat(Exchange x) throws IOException {
        JsonNode req = x.body();
        String model = req.path("model").asString("");
        if (!models.has(model)) {
            x.json(404, error("The model '" + model + "' does not exist", "invalid_request_error", "model_not_found"));
            return;
        }
        JsonNode messages = req.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            x.json(400, error("messages must be a non-empty array", "invalid_request_error", null));
            return;
        }
        StandInModel.Answer a = StandInModel.answer(messages, req.path("tools"));
        if (a.hang()) {
            Exchange.hang();
        }
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        String finish = a.toolCall() != null ? "tool_calls" : "stop";
        if (!req.path("stream").asBoolean(false)) {
            ObjectNode body = head(id, created, model, "chat.completion");
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            if (a.toolCall() != null) {
                message.putNull("content");
                toolCall(message, a.toolCall(), true);
            } else {
                message.put("content", a.text());
            }
            choice.put("finish_reason", finish);
            usage(body, a);
            x.json(200, body);
            return;
        }
        x.startStream("text/event-stream");
        ObjectNode first = chunk(id, created, model);
        ((ObjectNode) first.path("choices").get(0).path("delta"))
                .put("role", "assistant")
                .put("content", "");
        send(x, first);
        if (a.toolCall() != null) {
            ObjectNode c = chunk(id, created, model);
            toolCall((ObjectNode) c.path("choices").get(0).path("delta"), a.toolCall(), false);
            send(x, c);
            ObjectNode args = chunk(id, created, model);
            ObjectNode delta = (ObjectNode) args.path("choices").get(0).path("delta");
            delta.putArray("tool_calls")
                    .addObject()
                    .put("index", 0)
                    .putObject("function")
                    .put("arguments", arguments(a));
            send(x, args);
        }
        int sent = 0;
        for (String word : a.words()) {
            if (a.failMidstream() && sent == 2) {
                x.abort();
                return;
            }
            Exchange.pause(wordDelay);
            ObjectNode c = chunk(id, created, model);
            ((ObjectNode) c.path("choices").get(0).path("delta")).put("content", word);
            send(x, c);
            sent++;
        }
        ObjectNode last = chunk(id, created, model);
        ((ObjectNode) last.path("choices").get(0)).put("finish_reason", finish);
        send(x, last);
        if (req.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode u = head(id, created, model, "chat.completion.chunk");
            u.putArray("choices");
            usage(u, a);
            send(x, u);
        }
        x.line("data: [DONE]\n\n");
        x.endStream();
    }

    static ObjectNode error(String message, String type, String code) {
        ObjectNode body = Exchange.object();
        ObjectNode e = body.putObject("error").put("message", message).put("type", type);
        e.putNull("param");
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return body;
    }

    private static void send(Exchange x, ObjectNode chunk) throws IOException {
        x.line("data: " + Exchange.JSON.writeValueAsString(chunk) + "\n\n");
    }

    private static ObjectNode head(String id, long created, String model, String object) {
        return Exchange.object()
                .put("id", id)
                .put("object", object)
                .put("created", created)
                .put("model", model);
    }

    private static ObjectNode chunk(String id, long created, String model) {
        ObjectNode c = head(id, created, model, "chat.completion.chunk");
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.putNull("finish_reason");
        return c;
    }

    private static void toolCall(ObjectNode target, StandInModel.ToolCall call, boolean withArguments) {
        ObjectNode tc = target.putArray("tool_calls").addObject();
        if (!withArguments) {
            tc.put("index", 0);
        }
        tc.put("id", "call_" + Integer.toHexString(call.commands().hashCode())).put("type", "function");
        tc.putObject("function").put("name", call.name()).put("arguments", withArguments ? arguments(call) : "");
    }

    private static String arguments(StandInModel.Answer a) {
        return arguments(a.toolCall());
    }

    private static String arguments(StandInModel.ToolCall call) {
        ObjectNode args = Exchange.object();
        args.set("commands", Exchange.JSON.valueToTree(call.commands()));
        return Exchange.JSON.writeValueAsString(args);
    }

    private static void usage(ObjectNode body, StandInModel.Answer a) {
        body.putObject("usage")
                .put("prompt_tokens", a.promptTokens())
                .put("completion_tokens", a.completionTokens())
                .put("total_tokens", a.promptTokens() + a.completionTokens());
    }
}
