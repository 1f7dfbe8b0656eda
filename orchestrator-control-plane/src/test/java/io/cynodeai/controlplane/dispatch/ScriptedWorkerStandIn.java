package io.cynodeai.controlplane.dispatch;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A test double of a node's Worker API on loopback, for faults a real worker does not produce on
 * demand (refusals, outages): answers each run request with the status the script gives, and a
 * completed result on 200. Counts calls per job id and records the bearer token presented.
 */
final class ScriptedWorkerStandIn implements AutoCloseable {
    private final HttpServer server;
    final Map<String, AtomicInteger> callsPerJob = new ConcurrentHashMap<>();
    final Map<String, String> tokenPerJob = new ConcurrentHashMap<>();
    volatile IntSupplier nextStatus = () -> 200;

    ScriptedWorkerStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/worker/jobs:run", exchange -> {
            RunJobRequest request = Json.read(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), RunJobRequest.class);
            callsPerJob
                    .computeIfAbsent(request.jobId(), k -> new AtomicInteger())
                    .incrementAndGet();
            tokenPerJob.put(request.jobId(), exchange.getRequestHeaders().getFirst("Authorization"));
            int status = nextStatus.getAsInt();
            String body = status == 200
                    ? """
                    {"version":1,"task_id":"%s","job_id":"%s","status":"completed","exit_code":0,"stdout":"ran\\n",
                     "stderr":"","started_at":"%s","ended_at":"%s","truncated":{"stdout":false,"stderr":false}}""".formatted(request.taskId(), request.jobId(), Instant.now(), Instant.now())
                    : "{\"type\":\"https://cynode.ai/problems/x\",\"title\":\"x\",\"status\":" + status
                            + ",\"detail\":\"scripted refusal\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int calls(String jobId) {
        AtomicInteger n = callsPerJob.get(jobId);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
