package io.cynodeai.standin;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** TEST DOUBLE: the part of Ollama's API the project uses, NDJSON streaming as Ollama does it. */
final class OllamaRoutes {
    static final String VERSION = "0.0.0-standin";

    private final Models models;
    private final Duration wordDelay;

    OllamaRoutes(Models models, Duration wordDelay) {
        this.models = models;
        this.wordDelay = wordDelay;
    }

    void version(Exchange x) throws IOException {
        x.json(200, Exchange.object().put("version", VERSION));
    }

    void tags(Exchange x) throws IOException {
        ObjectNode body = Exchange.object();
        ArrayNode list = body.putArray("models");
        models.all().forEach((name, at) -> {
            ObjectNode m = list.addObject();
            m.put("name", name).put("model", name).put("modified_at", at.toString());
            m.put("size", Models.size(name)).put("digest", "standin-" + Integer.toHexString(name.hashCode()));
            m.putObject("details").put("family", "standin").put("format", "standin");
        });
        x.json(200, body);
    }

    void show(Exchange x) throws IOException {
        String name = name(x.body());
        if (!models.has(name)) {
            x.json(404, Exchange.object().put("error", "model '" + name + "' not found"));
            return;
        }
        ObjectNode body = Exchange.object().put("modelfile", "# stand-in").put("template", "{{ .Prompt }}");
        body.putObject("details").put("family", "standin");
        body.putArray("capabilities").add("completion").add("tools");
        x.json(200, body);
    }

    /** Every model is pullable; the pull reports progress the way Ollama does, then success. */
    void pull(Exchange x) throws IOException {
        JsonNode req = x.body();
        String name = name(req);
        if (name.isBlank()) {
            throw new Exchange.BadRequest("model is required");
        }
        models.add(name);
        if (!req.path("stream").asBoolean(true)) {
            x.json(200, Exchange.object().put("status", "success"));
            return;
        }
        x.startStream("application/x-ndjson");
        x.line(Exchange.JSON.writeValueAsString(Exchange.object().put("status", "pulling manifest")) + "\n");
        long size = Models.size(name);
        x.line(Exchange.JSON.writeValueAsString(Exchange.object()
                        .put("status", "pulling standin")
                        .put("digest", "standin")
                        .put("total", size)
                        .put("completed", size))
                + "\n");
        x.line(Exchange.JSON.writeValueAsString(Exchange.object().put("status", "success")) + "\n");
        x.endStream();
    }

    void chat(Exchange x) throws IOException {
        JsonNode req = x.body();
        answer(x, req, req.path("messages"), req.path("tools"), true);
    }

    void generate(Exchange x) throws IOException {
        JsonNode req = x.body();
        ArrayNode messages = Exchange.JSON.createArrayNode();
        messages.addObject()
                .put("role", "user")
                .put("content", req.path("prompt").asString(""));
        answer(x, req, messages, null, false);
    }

    private void answer(Exchange x, JsonNode req, JsonNode messages, JsonNode tools, boolean chat) throws IOException {
        String model = req.path("model").asString("");
        if (!models.has(model)) {
            x.json(404, Exchange.object().put("error", "model '" + model + "' not found, try pulling it first"));
            return;
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new Exchange.BadRequest("messages are required");
        }
        StandInModel.Answer a = StandInModel.answer(messages, tools);
        if (a.hang()) {
            Exchange.hang();
        }
        if (!req.path("stream").asBoolean(true)) {
            ObjectNode done = chunk(model, chat, a.text());
            if (a.toolCall() != null) {
                toolCalls((ObjectNode) done.path("message"), a.toolCall());
            }
            x.json(200, end(done, a));
            return;
        }
        x.startStream("application/x-ndjson");
        if (a.toolCall() != null) {
            ObjectNode c = chunk(model, chat, "");
            toolCalls((ObjectNode) c.path("message"), a.toolCall());
            x.line(Exchange.JSON.writeValueAsString(c) + "\n");
        }
        int sent = 0;
        for (String word : a.words()) {
            if (a.failMidstream() && sent == 2) {
                x.abort();
                return;
            }
            Exchange.pause(wordDelay);
            x.line(Exchange.JSON.writeValueAsString(chunk(model, chat, word)) + "\n");
            sent++;
        }
        x.line(Exchange.JSON.writeValueAsString(end(chunk(model, chat, ""), a)) + "\n");
        x.endStream();
    }

    private static ObjectNode chunk(String model, boolean chat, String text) {
        ObjectNode c = Exchange.object()
                .put("model", model)
                .put("created_at", Instant.now().toString());
        if (chat) {
            c.putObject("message").put("role", "assistant").put("content", text);
        } else {
            c.put("response", text);
        }
        return c.put("done", false);
    }

    private static ObjectNode end(ObjectNode c, StandInModel.Answer a) {
        return c.put("done", true)
                .put("done_reason", "stop")
                .put("prompt_eval_count", a.promptTokens())
                .put("eval_count", a.completionTokens());
    }

    private static void toolCalls(ObjectNode message, StandInModel.ToolCall call) {
        ObjectNode fn = message.putArray("tool_calls").addObject().putObject("function");
        fn.put("name", call.name());
        fn.putObject("arguments").set("commands", Exchange.JSON.valueToTree(call.commands()));
    }

    private static String name(JsonNode req) {
        String model = req.path("model").asString("");
        return model.isEmpty() ? req.path("name").asString("") : model;
    }
}
