package io.cynodeai.inference;

import java.util.Set;
import java.util.UUID;

/**
 * One place a model answers: a node (its Worker API's relay of its inference container) or the
 * external provider, with the models it serves now.
 *
 * @param name {@code node:<slug>} or {@code external}: what the audit records, never an address
 * @param nodeId the node, or null for the external provider
 * @param baseUrl the OpenAI-compatible base URL (ends before {@code /chat/completions})
 * @param apiKey the bearer credential for it (the node's Worker API token, or the provider's key)
 */
public record InferencePath(
        String name, UUID nodeId, String baseUrl, String apiKey, Set<String> models, String certSha256) {
    public static final String EXTERNAL = "external";
    /** Where a Worker API relays its node's OpenAI-compatible model paths. */
    public static final String WORKER_RELAY = "/v1/worker/inference/v1";

    public InferencePath {
        models = Set.copyOf(models);
    }

    /** A path whose server is verified with the JVM's CAs (or plain http). */
    public InferencePath(String name, UUID nodeId, String baseUrl, String apiKey, Set<String> models) {
        this(name, nodeId, baseUrl, apiKey, models, null);
    }

    /** Whether this path serves the model ({@code name} and {@code name:latest} are one Ollama model). */
    public boolean serves(String model) {
        return models.contains(model) || models.contains(model + ":latest");
    }

    @Override
    public String toString() {
        return "InferencePath[" + name + " models=" + models + " key=<redacted>]";
    }
}
