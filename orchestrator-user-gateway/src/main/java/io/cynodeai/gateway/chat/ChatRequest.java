package io.cynodeai.gateway.chat;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.gateway.redact.SecretRedactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat completion request as the gateway checks it (inference.md §4): the fields it reads are
 * checked for their types and values (400 naming the field, in the OpenAI error shape), unknown
 * fields are kept and passed on, and every message's text is redacted before it goes anywhere.
 *
 * @param body the request as it goes to the model: redacted, with the model resolved, without {@code stream}
 * @param messages the conversation's messages as stored (role, redacted text)
 * @param redactions the kinds of secret that were redacted
 */
record ChatRequest(ObjectNode body, String model, boolean stream, List<Message> messages, Set<String> redactions) {
    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    record Message(String role, String text) {}

    static ChatRequest parse(byte[] raw) {
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(raw);
        } catch (JacksonException e) {
            throw ChatProblem.invalid(null, "the body is not valid JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw ChatProblem.invalid(null, "the body must be a JSON object");
        }
        ObjectNode body = (ObjectNode) tree;
        String model = optionalString(body, "model");
        boolean stream = optionalBoolean(body, "stream");
        checkNumbers(body);
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && (!n.isIntegralNumber() || n.asInt() != 1)) {
            throw ChatProblem.invalid("n", "only n = 1 is supported");
        }
        JsonNode streamOptions = body.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull() && !streamOptions.isObject()) {
            throw ChatProblem.invalid("stream_options", "stream_options must be an object");
        }
        JsonNode stop = body.get("stop");
        if (stop != null && !stop.isNull() && !stop.isString() && !allStrings(stop)) {
            throw ChatProblem.invalid("stop", "stop must be a string or an array of strings");
        }
        optionalString(body, "user");
        Set<String> kinds = new TreeSet<>();
        List<Message> messages = messages(body, kinds);
        body.remove("stream");
        if (!stream) {
            body.remove("stream_options");
        }
        return new ChatRequest(body, model, stream, messages, kinds);
    }

    /** The same request for this model. */
    ChatRequest withModel(String resolved) {
        ObjectNode copy = body.deepCopy();
        copy.put("model", resolved);
        return new ChatRequest(copy, resolved, stream, messages, redactions);
    }

    /** The request in the OpenAI SDK's terms, every field kept (unknown ones too). */
    ChatCompletionCreateParams params() {
        try {
            var sdkBody = ObjectMappers.jsonMapper()
                    .readValue(Json.mapper().writeValueAsBytes(body), ChatCompletionCreateParams.Body.class);
            return ChatCompletionCreateParams.builder().body(sdkBody).build();
        } catch (IOException | RuntimeException e) {
            throw ChatProblem.invalid(null, "the request is not a valid chat completion request");
        }
    }

    private static List<Message> messages(ObjectNode body, Set<String> kinds) {
        JsonNode list = body.get("messages");
        if (list == null || list.isNull()) {
            throw ChatProblem.invalid("messages", "messages is required");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw ChatProblem.invalid("messages", "messages must be a non-empty array");
        }
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String param = "messages[" + i + "]";
            JsonNode m = list.get(i);
            if (!m.isObject()) {
                throw ChatProblem.invalid(param, param + " must be an object");
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isString() || !ROLES.contains(role.asString())) {
                throw ChatProblem.invalid(param + ".role", param + ".role must be one of " + new TreeSet<>(ROLES));
            }
            out.add(new Message(role.asString(), content((ObjectNode) m, param, kinds)));
        }
        return out;
    }

    /** The message's text, redacted in place: a string, or the text of its {@code text} parts. */
    private static String content(ObjectNode m, String param, Set<String> kinds) {
        JsonNode content = m.get("content");
        if (content == null || content.isNull()) {
            if (!"assistant".equals(m.get("role").asString())) {
                throw ChatProblem.invalid(param + ".content", param + ".content is required");
            }
            return "";
        }
        if (content.isString()) {
            var r = SecretRedactor.redact(content.asString());
            kinds.addAll(r.kinds());
            m.put("content", r.text());
            return r.text();
        }
        if (!content.isArray()) {
            throw ChatProblem.invalid(param + ".content", param + ".content must be a string or an array of parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!part.isObject() || !part.path("type").isString()) {
                throw ChatProblem.invalid(param + ".content", "each content part must be an object with a type");
            }
            if ("text".equals(part.get("type").asString())) {
                JsonNode t = part.get("text");
                if (t == null || !t.isString()) {
                    throw ChatProblem.invalid(param + ".content", "a text part needs a string text");
                }
                var r = SecretRedactor.redact(t.asString());
                kinds.addAll(r.kinds());
                ((ObjectNode) part).put("text", r.text());
                text.append(r.text());
            }
        }
        return text.toString();
    }

    private static void checkNumbers(ObjectNode body) {
        for (String f : List.of("temperature", "top_p", "presence_penalty", "frequency_penalty")) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !v.isNumber()) {
                throw ChatProblem.invalid(f, f + " must be a number");
            }
        }
        for (String f : List.of("max_tokens", "max_completion_tokens", "seed")) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull() && !v.isIntegralNumber()) {
                throw ChatProblem.invalid(f, f + " must be an integer");
            }
            if (v != null && v.isIntegralNumber() && !"seed".equals(f) && v.asLong() < 1) {
                throw ChatProblem.invalid(f, f + " must be at least 1");
            }
        }
    }

    private static String optionalString(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ChatProblem.invalid(field, field + " must be a string");
        }
        return v.asString();
    }

    private static boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ChatProblem.invalid(field, field + " must be a boolean");
        }
        return v.asBoolean();
    }

    private static boolean allStrings(JsonNode array) {
        if (!array.isArray()) {
            return false;
        }
        for (JsonNode v : array) {
            if (!v.isString()) {
                return false;
            }
        }
        return true;
    }
}
