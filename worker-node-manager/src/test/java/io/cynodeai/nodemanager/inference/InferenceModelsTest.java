package io.cynodeai.nodemanager.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.node.NodeCapabilityReport.InferenceModel;
import io.cynodeai.standin.InferenceStandIn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the stand-in model server (a test double: no Ollama can be downloaded here), in-process. */
class InferenceModelsTest {
    @Test
    void pullsTheSelectedModelsAndReportsWhatTheContainerHas() throws Exception {
        try (var standIn = InferenceStandIn.start("127.0.0.1", 0, Duration.ZERO, List.of(), "")) {
            var models = new InferenceModels("http://127.0.0.1:" + standIn.port());
            assertThat(models.present()).isEmpty();
            models.pull(List.of("qwen3:0.6b", "standin-echo"), Duration.ofSeconds(10));
            assertThat(models.present())
                    .extracting(InferenceModel::id)
                    .containsExactly("qwen3:0.6b", "standin-echo:latest");
            assertThat(models.present()).allMatch(m -> m.loaded() && m.size() > 0);
        }
    }

    @Test
    void aContainerThatDoesNotAnswerHasNoModels() {
        var models = new InferenceModels("http://127.0.0.1:1");
        models.pull(List.of("x"), Duration.ofSeconds(2));
        assertThat(models.present()).isEmpty();
    }
}
