package io.cynodeai.workerapi.inference;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The node's model through the Worker API: the OpenAI-compatible paths of its inference container
 * (Ollama serves them beside its own API, as does the stand-in), relayed byte for byte as the
 * container writes them, so streamed tokens pass at once. This is transport, not protocol: the
 * orchestrator's OpenAI client speaks to the model; this only adds the node's authentication
 * (the bearer check of every {@code /v1/worker/**} call) in front of a server that has none. A
 * caller that goes away closes the upstream call, which stops the model's work.
 */
@RestController
@EnableConfigurationProperties(InferenceProxySettings.class)
class InferenceProxy {
    static final String BASE = "/v1/worker/inference/v1";

    private final InferenceProxySettings settings;
    private final HttpClient http;

    InferenceProxy(InferenceProxySettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @GetMapping(BASE + "/models")
    void models(HttpServletResponse response) throws IOException, InterruptedException {
        relay(HttpRequest.newBuilder(upstream("/v1/models")).GET(), response);
    }

    @PostMapping(BASE + "/chat/completions")
    void chat(@RequestBody byte[] body, HttpServletResponse response) throws IOException, InterruptedException {
        relay(
                HttpRequest.newBuilder(upstream("/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                response);
    }

    private URI upstream(String path) {
        String base = settings.inferenceUrl();
        if (base == null || base.isBlank()) {
            throw new ProblemException(ProblemType.INFERENCE_UNAVAILABLE, "this node runs no inference container");
        }
        return URI.create(base.replaceAll("/+$", "") + path);
    }

    private void relay(HttpRequest.Builder request, HttpServletResponse response)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(
                    request.timeout(settings.inferenceTimeout()).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new ProblemException(
                    ProblemType.INFERENCE_UNAVAILABLE, "the node's inference container does not answer");
        }
        response.setStatus(answer.statusCode());
        answer.headers().firstValue("Content-Type").ifPresent(response::setContentType);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush(); // each streamed chunk leaves as it came
            }
        }
    }
}
