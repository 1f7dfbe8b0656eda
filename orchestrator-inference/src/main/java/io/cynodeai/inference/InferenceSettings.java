package io.cynodeai.inference;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Inference settings of the orchestrator services.
 *
 * @param externalBaseUrl an OpenAI-compatible provider ({@code CYNODE_INFERENCE_EXTERNAL_BASE_URL});
 *     empty = no external path
 * @param externalApiKey its key ({@code CYNODE_EXTERNAL_INFERENCE_API_KEY}); a secret, never logged
 * @param externalModels the provider's model ids this deployment offers ({@code
 *     CYNODE_INFERENCE_EXTERNAL_MODELS})
 * @param defaultModel the model of a request that names none ({@code CYNODE_INFERENCE_DEFAULT_MODEL});
 *     empty = the first model available
 * @param totalTimeout the longest one model request may take, stream included (then 504)
 * @param retries how many more paths a request tries when one fails before any output
 * @param retryBackoff the wait before the first retry (doubled before the next)
 * @param pathsFreshFor how long the list of node paths read from the database is reused
 */
@ConfigurationProperties("cynode.inference")
public record InferenceSettings(
        String externalBaseUrl,
        String externalApiKey,
        List<String> externalModels,
        String defaultModel,
        @DefaultValue("300s") Duration totalTimeout,
        @DefaultValue("2") int retries,
        @DefaultValue("100ms") Duration retryBackoff,
        @DefaultValue("1s") Duration pathsFreshFor) {

    public InferenceSettings {
        externalModels = externalModels == null
                ? List.of()
                : externalModels.stream()
                        .map(String::strip)
                        .filter(m -> !m.isEmpty())
                        .toList();
    }

    public boolean externalConfigured() {
        return externalBaseUrl != null && !externalBaseUrl.isBlank() && !externalModels.isEmpty();
    }

    @Override
    public String toString() {
        return "InferenceSettings[external=" + externalBaseUrl + ", models=" + externalModels
                + ", external_api_key=<redacted>]";
    }
}
