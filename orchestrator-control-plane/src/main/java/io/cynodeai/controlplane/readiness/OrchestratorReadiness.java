package io.cynodeai.controlplane.readiness;

import io.cynodeai.controlplane.nodeconfig.NodeConfigs;
import io.cynodeai.serviceweb.health.ReadinessCheck;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Phase 1 readiness: a dispatchable node exists, and at least one inference path exists. */
@Configuration
class OrchestratorReadiness {

    /** @param externalInferenceApiKey an external provider's API key (its presence is an inference path) */
    @ConfigurationProperties("cynode.inference")
    record InferenceSettings(String externalInferenceApiKey) {
        @Override
        public String toString() {
            return "InferenceSettings[external_inference_api_key=<redacted>]";
        }
    }

    @Bean
    ReadinessCheck dispatchableNode(NodeConfigs configs) {
        return () -> configs.dispatchTargets().isEmpty()
                ? Optional.of(
                        "no dispatchable node (none has acknowledged a configuration with Worker API connectivity)")
                : Optional.empty();
    }

    @Bean
    ReadinessCheck inferencePath(NodeConfigs configs, InferenceSettings settings) {
        return () -> {
            boolean external = settings.externalInferenceApiKey() != null
                    && !settings.externalInferenceApiKey().isBlank();
            return external || configs.nodeInferenceRunning()
                    ? Optional.empty()
                    : Optional.of("no inference path (no node runs an inference container and"
                            + " CYNODE_EXTERNAL_INFERENCE_API_KEY is not set)");
        };
    }
}
