package io.cynodeai.cynork;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST DOUBLE of the User API Gateway on loopback: answers each path with what a test scripted
 * (status, content type, body) and records every request, so a test can tell that none was
 * sent. The features run the real binary against the real gateway; this stands in where a test
 * needs an answer the real one gives only in rare states (a 500, an expired token).
 */
final class ScriptedGateway implements AutoCloseable {
    record Answer(int status, String contentType, String body) {}

    record Request(String method, String path, String authorization, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    ScriptedGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().toString();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(exchange.getRequestMethod(), path, auth, body));
            Answer a = answers.getOrDefault(
                    exchange.getRequestMethod() + " " + path + " " + auth,
                    answers.getOrDefault(
                            exchange.getRequestMethod() + " " + path,
                            new Answer(
                                    404, "application/problem+json", "{\"detail\":\"not scripted: " + path + "\"}")));
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code METHOD path} (optionally only for this Authorization header). */
    ScriptedGateway on(String methodAndPath, int status, String body) {
        answers.put(
                methodAndPath,
                new Answer(status, status >= 400 ? "application/problem+json" : "application/json", body));
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
