package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's answers are read up to their bounds (nodes.md §1), against a real loopback HTTP server. */
class WorkerClientTest {
    HttpServer server;
    final AtomicReference<String> contentType = new AtomicReference<>("application/json");
    final AtomicReference<Integer> status = new AtomicReference<>(200);
    final AtomicReference<Integer> bytes = new AtomicReference<>(0);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/worker/jobs:run", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", contentType.get());
            exchange.sendResponseHeaders(status.get(), 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
                for (int sent = 0; sent < bytes.get(); sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, bytes.get() - sent));
                }
            } catch (IOException e) {
                // the client stopped reading: what the test is about
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    WorkerClient.Response run(WorkerClient client) {
        var target = new DispatchTarget(
                UUID.randomUUID(),
                "n1",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "token",
                1);
        return client.runJob(target, "{}", Duration.ofSeconds(10), (stream, text) -> {});
    }

    @Test
    void anAnswerWithinItsBoundIsReadWhole() {
        bytes.set(4000);
        assertThat(run(new WorkerClient(4096, 512)).body()).hasSize(4000);
    }

    @Test
    void anAnswerPastItsBoundIsRefused() {
        bytes.set(50 << 20);
        assertThatThrownBy(() -> run(new WorkerClient(4096, 512)))
                .hasRootCauseInstanceOf(WorkerClient.AnswerTooLarge.class);
    }

    @Test
    void aStreamPastItsBoundIsRefusedToo() {
        contentType.set("application/x-ndjson");
        bytes.set(50 << 20); // one endless line
        assertThatThrownBy(() -> run(new WorkerClient(4096, 512)))
                .hasRootCauseInstanceOf(WorkerClient.AnswerTooLarge.class);
    }

    @Test
    void anErrorAnswerHasASmallerBound() {
        status.set(503);
        bytes.set(1000);
        assertThatThrownBy(() -> run(new WorkerClient(4096, 512)))
                .hasRootCauseInstanceOf(WorkerClient.AnswerTooLarge.class);
        bytes.set(500);
        assertThat(run(new WorkerClient(4096, 512)).status()).isEqualTo(503);
    }
}
