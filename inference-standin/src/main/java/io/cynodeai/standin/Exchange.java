package io.cynodeai.standin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** TEST DOUBLE plumbing: reading a JSON request and writing whole or streamed answers. */
final class Exchange {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpExchange http;
    private OutputStream stream;

    Exchange(HttpExchange http) {
        this.http = http;
    }

    String method() {
        return http.getRequestMethod();
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    JsonNode body() throws IOException {
        byte[] raw = http.getRequestBody().readAllBytes();
        if (raw.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(raw);
        } catch (RuntimeException e) {
            throw new BadRequest("the body is not JSON");
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    void json(int status, JsonNode body) throws IOException {
        send(status, "application/json", JSON.writeValueAsBytes(body));
    }

    void text(int status, String body) throws IOException {
        send(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int status, String type, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", type);
        http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    /** Starts a chunked answer of this content type. */
    void startStream(String type) throws IOException {
        http.getResponseHeaders().set("Content-Type", type);
        http.getResponseHeaders().set("Cache-Control", "no-cache");
        http.sendResponseHeaders(200, 0);
        stream = http.getResponseBody();
    }

    /** One line of the stream, sent at once. */
    void line(String line) throws IOException {
        stream.write(line.getBytes(StandardCharsets.UTF_8));
        stream.flush();
    }

    /** Ends a stream normally. */
    void endStream() throws IOException {
        stream.close();
    }

    /**
     * Ends a stream by breaking the connection, as a crashed backend would: the JDK server drops a
     * connection whose handler throws, without the chunked stream's last chunk.
     */
    void abort() {
        throw new Aborted();
    }

    /** Thrown to break the connection off mid-answer. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super("answer broken off on purpose", null, false, false);
        }
    }

    /** Where hanging answers wait until {@link #releaseHangs()} (or an hour). */
    private static final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> HANGS =
            new java.util.concurrent.atomic.AtomicReference<>(new java.util.concurrent.CountDownLatch(1));

    static void hang() {
        try {
            HANGS.get().await(1, java.util.concurrent.TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets every hanging answer go on (as an answer); later ones hang again. */
    static void releaseHangs() {
        HANGS.getAndSet(new java.util.concurrent.CountDownLatch(1)).countDown();
    }

    static void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request the stand-in refuses with 400. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
