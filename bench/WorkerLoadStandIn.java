import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load stand-in for a worker node (not a worker: it runs nothing). It registers with the
 * control plane like a node (PSK, capability report, configuration, ack), then answers every
 * {@code POST /v1/worker/jobs:run} at once with a completed result, so the battery can measure
 * the orchestration's own ceiling. Run: {@code java bench/WorkerLoadStandIn.java CONTROL_PLANE_URL
 * PSK_FILE PORT SLUG [COUNT]}; prints {@code ready} once its configuration is acknowledged. With
 * COUNT, as many nodes in one process ({@code SLUG-0}…, on PORT, PORT+1, …), for {@code just
 * bench-multinode}'s ceiling with several nodes.
 */
public class WorkerLoadStandIn {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String cp = args[0];
        String psk = Files.readString(Path.of(args[1])).strip();
        int port = Integer.parseInt(args[2]);
        int count = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        String[] configUrls = new String[count];
        String[] jwts = new String[count];
        String[] slugs = new String[count];
        List<AtomicReferenceArray<String>> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slugs[i] = count == 1 ? args[3] : args[3] + "-" + i;
            AtomicReferenceArray<String> token = new AtomicReferenceArray<>(2); // current and previous Worker API token
            tokens.add(token);
            String base = serve(port + i, token);
            String capability = """
                    {"version":1,"reported_at":"%s","node":{"node_slug":"%s","name":"load stand-in"},
                     "platform":{"os":"linux","arch":"amd64"},"compute":{"cpu_cores":2,"ram_mb":1024},
                     "sandbox":{"supported":true,"max_concurrency":256},"inference":{"supported":false},
                     "worker_api":{"base_url":"%s"}}""".formatted(Instant.now(), slugs[i], base);
            String boot = post(cp + "/v1/nodes/register", null,
                    "{\"psk\":\"" + psk + "\",\"capability\":" + capability + "}");
            jwts[i] = field(boot, "node_jwt");
            configUrls[i] = field(boot, "node_config_url");
            applyConfig(configUrls[i], jwts[i], slugs[i], token);
        }
        System.out.println("ready");
        System.out.flush();
        // Like a real node: fetch the configuration every few seconds and apply a rotated token.
        while (true) {
            Thread.sleep(3000);
            for (int i = 0; i < count; i++) {
                try {
                    applyConfig(configUrls[i], jwts[i], slugs[i], tokens.get(i));
                } catch (IOException | IllegalStateException e) {
                    System.err.println("config poll failed: " + e.getMessage());
                }
            }
        }
    }

    /** One node's Worker API on {@code port}: every job completed at once; its base URL. */
    private static String serve(int port, AtomicReferenceArray<String> token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/v1/worker/jobs:run", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] answer;
            int status;
            if (auth == null || !(auth.equals("Bearer " + token.get(0)) || auth.equals("Bearer " + token.get(1)))) {
                status = 401;
                answer = "{\"type\":\"https://cynode.ai/problems/unauthenticated\",\"title\":\"Authentication required\",\"status\":401}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            } else {
                String now = Instant.now().toString();
                status = 200;
                answer = ("{\"version\":1,\"task_id\":\"" + field(body, "task_id") + "\",\"job_id\":\"" + field(body, "job_id")
                                + "\",\"status\":\"completed\",\"exit_code\":0,\"stdout\":\"\",\"stderr\":\"\",\"started_at\":\""
                                + now + "\",\"ended_at\":\"" + now + "\",\"truncated\":{\"stdout\":false,\"stderr\":false}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/healthz", exchange -> {
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return "http://127.0.0.1:" + port;
    }

    /** Fetches the node configuration, takes its token (the old one stays valid) and acks it. */
    private static void applyConfig(String configUrl, String jwt, String slug, AtomicReferenceArray<String> token)
            throws IOException, InterruptedException {
        String config = send(HttpRequest.newBuilder(URI.create(configUrl))
                .header("Authorization", "Bearer " + jwt).GET().build());
        String fresh = field(config, "orchestrator_bearer_token");
        if (fresh.equals(token.get(0))) {
            return;
        }
        token.set(1, token.get(0));
        token.set(0, fresh);
        post(configUrl, jwt, """
                {"version":1,"node_slug":"%s","config_version":"%s","ack_at":"%s","status":"applied"}"""
                .formatted(slug, field(config, "config_version"), Instant.now()));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in the answer");
        }
        return m.group(1);
    }

    private static String post(String url, String bearer, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    private static String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
