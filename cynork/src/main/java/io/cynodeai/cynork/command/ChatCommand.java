package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.gateway.Gateway;
import io.cynodeai.cynork.output.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "chat", description = "Chat with a model: one message with -m, else an interactive session")
public final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-m", "--message"},
            paramLabel = "TEXT",
            description = "One message; prints the answer as it arrives")
    String message;

    @Option(names = "--model", paramLabel = "ID", description = "The model (default: the gateway's)")
    String model;

    @Option(names = "--plain", description = "Print answers as they are, not rendered for a terminal")
    boolean plain;

    @Option(names = "--project-id", paramLabel = "P", description = "The project the thread belongs to")
    String project;

    @Override
    public Integer call() {
        Session s = Cynork.session(spec);
        if (message == null) {
            return new ChatSession(s, this).run();
        }
        if (message.isBlank()) {
            throw CliFailure.usage("-m needs a message");
        }
        List<Map<String, String>> history = new ArrayList<>(List.of(Map.of("role", "user", "content", message)));
        if (s.printer().json()) {
            s.printer().printOr(s.gateway().post("/v1/chat/completions", request(history, false)), "");
            return 0;
        }
        PrintStream out = s.printer().out();
        stream(
                s.gateway(),
                history,
                piece -> {
                    out.print(piece);
                    out.flush();
                },
                opened -> {});
        out.println();
        out.flush();
        return 0;
    }

    String model() {
        return model;
    }

    boolean plain() {
        return plain;
    }

    boolean noColor() {
        return ((io.cynodeai.cynork.Cynork) spec.root().userObject()).noColor();
    }

    void model(String id) {
        model = id;
    }

    /** The chat request of OpenAI's API for this history. */
    Map<String, Object> request(List<Map<String, String>> history, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (model != null) {
            body.put("model", model);
        }
        body.put("messages", history);
        body.put("stream", stream);
        return body;
    }

    /**
     * Sends the history as a streamed chat and hands each piece of the answer to {@code sink} as it
     * arrives; the whole answer. An error in the stream ends it with exit 7.
     */
    String stream(
            Gateway gateway,
            List<Map<String, String>> history,
            java.util.function.Consumer<String> sink,
            java.util.function.Consumer<Stream<String>> opened) {
        Map<String, String> headers = project == null ? Map.of() : Map.of("OpenAI-Project", project);
        StringBuilder answer = new StringBuilder();
        try (Stream<String> lines =
                gateway.lines("POST", "/v1/chat/completions", request(history, true), "text/event-stream", headers)) {
            opened.accept(lines);
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    break;
                }
                Object chunk = parse(data);
                if (Json.get(chunk, "error") != null) {
                    throw new CliFailure(
                            Exit.GATEWAY,
                            java.util.Objects.requireNonNullElse(
                                    Json.text(Json.get(chunk, "error"), "message"), "the model failed"));
                }
                Json.list(chunk, "choices").forEach(c -> {
                    String piece = Json.text(Json.get(c, "delta"), "content");
                    if (piece != null && !piece.isEmpty()) {
                        answer.append(piece);
                        sink.accept(piece);
                    }
                });
            }
        }
        return answer.toString();
    }

    private static Object parse(String data) {
        Object chunk = Json.parse(data);
        if (!(chunk instanceof Map)) {
            throw new CliFailure(Exit.GATEWAY, "the gateway's answer stream is not OpenAI's chunk format");
        }
        return chunk;
    }
}
