package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code task logs --follow}: the task's server-sent events (tasks.md §4) read as they arrive,
 * its output printed as it is printed, until the {@code end} event (a task whose output was not
 * kept live gets its stored output then). A stream cut short is taken up again where it stopped
 * ({@code Last-Event-ID}), a few times.
 */
final class TaskFollower {
    private static final int RECONNECTS = 5;

    private final Session session;
    private final String ref;
    private final String stream;
    private String lastEventId;
    private boolean sawOutput;

    TaskFollower(Session session, String ref, String stream) {
        this.session = session;
        this.ref = ref;
        this.stream = stream;
    }

    void follow() {
        for (int attempt = 0; attempt <= RECONNECTS; attempt++) {
            if (readUntilEnd()) {
                return;
            }
        }
        throw new CliFailure(Exit.GATEWAY, "the task's event stream kept breaking off");
    }

    /** One connection; true once the end was seen. */
    private boolean readUntilEnd() {
        Map<String, String> headers = lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId);
        PrintStream out = session.printer().out();
        try (Stream<String> lines =
                session.gateway().lines("GET", TaskCommand.path(ref, "/events"), null, "text/event-stream", headers)) {
            String event = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (dispatch(event, data.toString(), out)) {
                        return true;
                    }
                    if (id != null) {
                        lastEventId = id;
                    }
                    event = "message";
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = value(line);
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(value(line));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // cut short: taken up again
        }
        return false;
    }

    /** Handles one event; true at the end. */
    private boolean dispatch(String event, String data, PrintStream out) {
        Object value = Json.parse(data);
        switch (event) {
            case "output" -> {
                sawOutput = true;
                String s = Json.text(value, "stream");
                if ("all".equals(stream) || stream.equals(s)) {
                    out.print(Json.text(value, "text"));
                    out.flush();
                }
            }
            case "end" -> {
                if (!sawOutput) {
                    // Ran where no live output was kept (an older node, or before it was): what it stored.
                    Object logs = session.gateway().get(TaskCommand.path(ref, "/logs?stream=" + stream));
                    Json.list(logs, "lines").forEach(out::println);
                    out.flush();
                }
                session.printer().hint("task " + ref + " ended: " + Json.text(value, "status"));
                return true;
            }
            default -> {}
        }
        return false;
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
    }
}
