package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.AnswerPrinter;
import io.cynodeai.cynork.output.Json;
import io.cynodeai.cynork.output.Terminal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive chat: a prompt (JLine's line editor and history at a terminal, plain lines
 * otherwise), answers streamed as they arrive (rendered as Markdown at a terminal unless
 * {@code --plain}), the history kept for the session, slash commands, {@code !CMD} for a local
 * shell command; Ctrl-C stops an answer and keeps the session, EOF (Ctrl-D) ends it.
 */
final class ChatSession {
    static final String HELP = """
            /help            this help
            /models          the models you can choose
            /model [ID]      show or choose the model
            /clear           forget this session's history
            /version         cynork's version
            /exit, /quit     end the session (as does Ctrl-D)
            !CMD             run CMD in a local shell
            Ctrl-C stops an answer; Ctrl-D ends the session""";

    /** Where the lines come from. */
    private interface Prompt {
        /** The next line; null at EOF; empty after a Ctrl-C at the prompt. */
        String read() throws IOException;
    }

    private final Session session;
    private final ChatCommand chat;
    private final List<Map<String, String>> history = new ArrayList<>();
    private final AtomicReference<Stream<String>> answering = new AtomicReference<>();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<String>> waiting = new AtomicReference<>();

    ChatSession(Session session, ChatCommand chat) {
        this.session = session;
        this.chat = chat;
    }

    int run() {
        session.credentials().token();
        if (!Terminal.interactive()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(session.in(), StandardCharsets.UTF_8));
            return loop(
                    () -> {
                        session.err().print("> ");
                        session.err().flush();
                        return in.readLine();
                    },
                    false,
                    Integer.MAX_VALUE);
        }
        try (org.jline.terminal.Terminal terminal =
                TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            // A Ctrl-C while an answer streams (the terminal is not in the line editor then).
            terminal.handle(org.jline.terminal.Terminal.Signal.INT, signal -> stopAnswer());
            return loop(
                    () -> {
                        try {
                            return reader.readLine("> ");
                        } catch (UserInterruptException e) {
                            return "";
                        } catch (EndOfFileException e) {
                            return null;
                        }
                    },
                    !chat.plain() && !chat.noColor(),
                    Math.max(20, terminal.getWidth()));
        } catch (IOException e) {
            throw new CliFailure(Exit.INTERNAL, "cannot open the terminal: " + e.getMessage());
        }
    }

    private int loop(Prompt prompt, boolean render, int width) {
        PrintStream out = session.printer().out();
        session.printer()
                .hint("chat with " + (chat.model() == null ? "the default model" : chat.model())
                        + "; /help for commands, Ctrl-D to end");
        while (true) {
            String line;
            try {
                line = prompt.read();
            } catch (IOException e) {
                throw new CliFailure(Exit.INTERNAL, "cannot read the terminal");
            }
            if (line == null) {
                out.println();
                out.flush();
                return 0;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("/")) {
                    if (!slash(line, out)) {
                        return 0;
                    }
                } else if (line.startsWith("!")) {
                    shell(line.substring(1), out);
                } else {
                    ask(line, out, render, width);
                }
            } catch (CliFailure e) {
                session.err().println("cynork: " + e.getMessage());
            }
        }
    }

    /**
     * Streams the answer on a thread of its own, so a Ctrl-C (the terminal's signal handler) ends
     * the wait at once whatever the stream is blocked on, and closes the stream (the gateway then
     * cancels the model's request).
     */
    private void ask(String line, PrintStream out, boolean render, int width) {
        history.add(Map.of("role", "user", "content", line));
        interrupted.set(false);
        AnswerPrinter lines = new AnswerPrinter(out, render, width, interrupted);
        CompletableFuture<String> answer = new CompletableFuture<>();
        waiting.set(answer);
        Thread.ofVirtual().name("chat-answer").start(() -> {
            try {
                answer.complete(chat.stream(session.gateway(), history, lines::piece, answering::set));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            String text = answer.join();
            lines.end();
            history.add(Map.of("role", "assistant", "content", text));
        } catch (CancellationException | CompletionException e) {
            history.removeLast();
            lines.end();
            if (!interrupted.get() && e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            session.err().println("(stopped)");
        } finally {
            waiting.set(null);
            answering.set(null);
        }
    }

    private void stopAnswer() {
        CompletableFuture<String> answer = waiting.get();
        if (answer == null) {
            return;
        }
        interrupted.set(true);
        answer.cancel(false);
        Stream<String> stream = answering.get();
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                // the stream is going away either way
            }
        }
    }

    /** A slash command; false when it ends the session. */
    private boolean slash(String line, PrintStream out) {
        String[] words = line.split("\\s+", 2);
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/help" -> out.println(HELP);
            case "/clear" -> {
                history.clear();
                out.println("history cleared");
            }
            case "/version" -> out.println("version=" + VersionCommand.version());
            case "/models" ->
                Json.list(session.gateway().get("/v1/models"), "data").forEach(m -> out.println(Json.text(m, "id")));
            case "/model" -> {
                if (words.length > 1) {
                    chat.model(words[1].strip());
                }
                out.println("model=" + (chat.model() == null ? "(the gateway's default)" : chat.model()));
            }
            default -> session.err().println("unknown command " + words[0] + ": /help lists them");
        }
        out.flush();
        return true;
    }

    private void shell(String command, PrintStream out) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command)
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            p.getInputStream().transferTo(out);
            int code = p.waitFor();
            if (code != 0) {
                session.err().println("exit " + code);
            }
        } catch (IOException e) {
            session.err().println("cannot run a shell: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }
}
