package io.cynodeai.controlplane.readiness;

import io.cynodeai.controlplane.nodeconfig.DispatchTargets;
import io.cynodeai.inference.InferencePaths;
import io.cynodeai.serviceweb.health.ReadinessCheck;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Readiness: a dispatchable node exists, and at least one inference path can answer. */
@Configuration
class OrchestratorReadiness {

    @Bean
    ReadinessCheck dispatchableNode(DispatchTargets targets) {
        return () -> targets.now().isEmpty()
                ? Optional.of("no dispatchable node (none is active, heard from lately and has acknowledged a"
                        + " configuration with Worker API connectivity)")
                : Optional.empty();
    }

    @Bean
    ReadinessCheck inferencePath(InferencePaths paths) {
        return () -> paths.any()
                ? Optional.empty()
                : Optional.of("no inference path (no dispatchable node reports a model, and no external provider is"
                        + " configured with CYNODE_INFERENCE_EXTERNAL_BASE_URL and CYNODE_INFERENCE_EXTERNAL_MODELS)");
    }
}
