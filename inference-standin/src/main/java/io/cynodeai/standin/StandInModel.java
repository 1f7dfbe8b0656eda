package io.cynodeai.standin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * TEST DOUBLE: what the stand-in answers, the same for both protocols. Deterministic: the last
 * user message echoed after {@link #ANSWER_PREFIX}, one word per chunk; a user message holding a
 * fenced code block, when tools were offered, becomes a call of the first tool with {@code
 * {"commands": [the block's lines]}}; a tool result comes back after {@link #TOOL_PREFIX}. Words
 * count as tokens.
 */
final class StandInModel {
    static final String ANSWER_PREFIX = "Stand-in answer:";
    static final String TOOL_PREFIX = "Tool result:";
    /** In a user message: the stream breaks off after two words (for tests of a failing backend). */
    static final String FAIL_MIDSTREAM = "[standin:fail-midstream]";
    /** In a user message: no answer at all until the client gives up (for tests of a hanging backend). */
    static final String HANG = "[standin:hang]";

    private static final Pattern FENCE = Pattern.compile("```[^\\n]*\\n(.*?)```", Pattern.DOTALL);

    /** One answer: its words (each a chunk) or one tool call; and the prompt's token count. */
    record Answer(List<String> words, ToolCall toolCall, int promptTokens, boolean failMidstream, boolean hang) {
        int completionTokens() {
            return toolCall != null ? toolCall.commands().size() : words.size();
        }

        String text() {
            return String.join("", words);
        }
    }

    record ToolCall(String name, List<String> commands) {}

    private StandInModel() {}

    /** The answer to a conversation ({@code messages} in either protocol's shape), with the tools offered. */
    static Answer answer(JsonNode messages, JsonNode tools) {
        int promptTokens = 0;
        String lastRole = "";
        String last = "";
        for (JsonNode m : messages) {
            String text = text(m.path("content"));
            promptTokens += count(text);
            lastRole = m.path("role").asString("");
            last = text;
        }
        boolean hang = "user".equals(lastRole) && last.contains(HANG);
        boolean fail = "user".equals(lastRole) && last.contains(FAIL_MIDSTREAM);
        String firstTool = firstToolName(tools);
        if ("user".equals(lastRole) && firstTool != null) {
            Matcher fence = FENCE.matcher(last);
            if (fence.find()) {
                List<String> lines =
                        fence.group(1).lines().filter(l -> !l.isBlank()).toList();
                return new Answer(List.of(), new ToolCall(firstTool, lines), promptTokens, false, false);
            }
        }
        String prefix = "tool".equals(lastRole) ? TOOL_PREFIX : ANSWER_PREFIX;
        return new Answer(words(prefix + " " + last), null, promptTokens, fail, hang);
    }

    /** A message's text: a string, or the text parts of an array of parts. */
    static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder out = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asString(""))) {
                    out.append(part.path("text").asString(""));
                }
            }
        }
        return out.toString();
    }

    /** The words of a text, each with the white space that follows it, so they join back to the text. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\S+\\s*").matcher(text.strip());
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static int count(String text) {
        return text.isBlank()
                ? 0
                : (int) Arrays.stream(text.strip().split("\\s+")).count();
    }

    private static String firstToolName(JsonNode tools) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        String name = tools.get(0).path("function").path("name").asString("");
        return name.isEmpty() ? null : name;
    }
}
