package io.cynodeai.nodemanager.inference;

import io.cynodeai.contracts.node.NodeCapabilityReport.InferenceModel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The models of the node's inference container, through Ollama's API (Spring AI's {@link
 * OllamaApi}): the configured ones pulled (progress logged as it changes), and what the container
 * has, for the capability report. Reached on loopback only.
 */
public final class InferenceModels {
    private static final Logger log = LoggerFactory.getLogger(InferenceModels.class);

    private final OllamaApi ollama;

    public InferenceModels(String baseUrl) {
        var http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.ollama = OllamaApi.builder()
                .baseUrl(baseUrl)
                .restClientBuilder(RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(http)))
                .webClientBuilder(WebClient.builder().clientConnector(new JdkClientHttpConnector(http)))
                .build();
    }

    /** Pulls each model (already present ones are quick); a model that cannot be pulled is logged and skipped. */
    public void pull(List<String> models, Duration each) {
        for (String model : models) {
            AtomicReference<String> last = new AtomicReference<>("");
            try {
                ollama.pullModel(new OllamaApi.PullModelRequest(model))
                        .doOnNext(p -> {
                            String status = p.status() == null ? "" : p.status();
                            if (!Objects.equals(last.getAndSet(status), status)) {
                                log.info("pulling model {}: {}{}", model, status, percent(p));
                            }
                        })
                        .blockLast(each);
                log.info("model {} is ready", model);
            } catch (RuntimeException e) {
                log.warn("model {} could not be pulled: {}", model, e.getMessage());
            }
        }
    }

    /** The models the container has now; empty when it does not answer. */
    public List<InferenceModel> present() {
        try {
            var list = ollama.listModels();
            if (list == null || list.models() == null) {
                return List.of();
            }
            return list.models().stream()
                    .map(m -> new InferenceModel(m.name(), m.size(), true))
                    .sorted(java.util.Comparator.comparing(InferenceModel::id))
                    .toList();
        } catch (RuntimeException e) {
            log.warn("the inference container's models could not be listed: {}", e.getMessage());
            return List.of();
        }
    }

    private static String percent(OllamaApi.ProgressResponse p) {
        return p.total() == null || p.total() == 0 || p.completed() == null
                ? ""
                : " (" + (100 * p.completed() / p.total()) + "%)";
    }
}
