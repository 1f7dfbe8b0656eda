package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A streamed run's answer (tasks.md §4): {@code {"type":"output",...}} lines while the job runs,
 * then one {@code {"type":"result",...RunJobResult}} line. At most {@link #LIVE_MAX} characters of
 * output are passed on, whatever a node sends (its own caps are far below).
 */
final class NdjsonRun {
    static final long LIVE_MAX = 4L << 20;

    private NdjsonRun() {}

    /** Reads the stream to its end; the result line without its type. */
    static String read(InputStream body, WorkerClient.LiveSink live) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        long passed = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = Json.mapper().readTree(line);
            } catch (JacksonException e) {
                throw new IOException("the node's stream holds a line that is not JSON");
            }
            String type = event.path("type").asString("");
            if (type.equals("result") && event instanceof ObjectNode result) {
                result.remove("type");
                return Json.write(result);
            }
            String text = event.path("text").asString("");
            if (type.equals("output") && passed + text.length() <= LIVE_MAX) {
                passed += text.length();
                live.output(event.path("stream").asString(""), text);
            }
        }
        throw new IOException("the node's stream ended without a result");
    }
}
