package io.cynodeai.controlplane.nodeconfig;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the control plane puts into each node's configuration.
 *
 * @param tokenEncryptionKey key for Worker API tokens at rest; empty = generated into the state dir
 * @param tokenTtl how long a Worker API token is valid
 * @param tokenRotateBefore a token this close to its expiry is replaced (a new config version)
 * @param inferenceImage the inference container image for nodes that support inference; empty = none
 * @param inferenceModels the models such nodes pull and serve ({@code inference_backend.selected_models})
 */
@ConfigurationProperties("cynode.node-config")
public record NodeConfigSettings(
        String tokenEncryptionKey,
        @DefaultValue("24h") Duration tokenTtl,
        @DefaultValue("6h") Duration tokenRotateBefore,
        @DefaultValue("local") String sandboxRegistryUrl,
        @DefaultValue("local") String modelCacheUrl,
        @DefaultValue("cynode-sandbox:latest") List<String> allowedImages,
        @DefaultValue("none") String defaultNetworkPolicy,
        @DefaultValue("true") boolean enableDynamicConfig,
        @DefaultValue("30s") Duration pollInterval,
        @DefaultValue("10MB") DataSize maxRequestBytes,
        @DefaultValue("1h") Duration maxJobTimeout,
        String inferenceImage,
        @DefaultValue("11434") int inferencePort,
        List<String> inferenceModels) {
    public NodeConfigSettings {
        inferenceModels = inferenceModels == null
                ? List.of()
                : inferenceModels.stream()
                        .map(String::strip)
                        .filter(m -> !m.isEmpty())
                        .toList();
    }
}
