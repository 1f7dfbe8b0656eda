package io.cynodeai.standin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * TEST DOUBLE {@code cynode-inference-standin}: a deterministic stand-in for a model server, for
 * machines where no model can be downloaded (inference.md §7). It speaks the subset of Ollama's API
 * the project uses and the OpenAI-compatible models and chat paths, so it can stand for a node's
 * Ollama or for an external provider. The JDK's HTTP server keeps it free of frameworks: it starts
 * in well under a second in its image.
 *
 * <p>Settings (environment): {@code STANDIN_PORT} (else {@code OLLAMA_PORT}, else 11434), {@code
 * STANDIN_WORD_DELAY_MS} (pause before each streamed word, default 5), {@code STANDIN_MODELS}
 * (models present from the start, comma-separated; others appear when pulled), {@code
 * STANDIN_API_KEY} (when set, the OpenAI side requires it).
 */
public final class InferenceStandIn implements AutoCloseable {
    private final HttpServer server;

    private InferenceStandIn(HttpServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws IOException {
        String port = env("STANDIN_PORT", env("OLLAMA_PORT", "11434"));
        InferenceStandIn standIn = start(
                "0.0.0.0",
                Integer.parseInt(port),
                Duration.ofMillis(Long.parseLong(env("STANDIN_WORD_DELAY_MS", "5"))),
                Arrays.asList(env("STANDIN_MODELS", "").split(",")),
                env("STANDIN_API_KEY", ""));
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println("cynode-inference-standin (a test double, not a model) listening on " + standIn.port());
    }

    /** Starts a stand-in (port 0: any free port). */
    public static InferenceStandIn start(String host, int port, Duration wordDelay, List<String> models, String apiKey)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Models present = new Models(models);
        OllamaRoutes ollama = new OllamaRoutes(present, wordDelay);
        OpenAiRoutes openAi = new OpenAiRoutes(present, wordDelay, apiKey);
        server.createContext("/", http -> Router.handle(http, ollama, openAi));
        server.start();
        return new InferenceStandIn(server);
    }

    /** Lets the answers that hang ({@code [standin:hang]}) go on, so a test can end them. */
    public void releaseHangs() {
        Exchange.releaseHangs();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL of the OpenAI-compatible side, as an OpenAI client is configured with it. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
