package io.cynodeai.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cynodeai.standin.InferenceStandIn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing against real HTTP: the stand-in (a test double for a model server) and a dead address. */
class ChatRouterTest {
    static InferenceStandIn standIn;
    final InferencePaths paths = mock(InferencePaths.class);
    final InferenceSettings settings = new InferenceSettings(
            null, null, null, null, Duration.ofSeconds(10), 2, Duration.ofMillis(10), Duration.ofSeconds(1));
    final ChatClients clients = new ChatClients(settings.totalTimeout());
    final ChatRouter router = new ChatRouter(paths, clients, settings);

    @BeforeAll
    static void start() throws Exception {
        standIn = InferenceStandIn.start("127.0.0.1", 0, Duration.ZERO, List.of("m"), "");
    }

    @AfterAll
    static void stop() {
        standIn.close();
    }

    static InferencePath dead() {
        return new InferencePath("node:dead", java.util.UUID.randomUUID(), "http://127.0.0.1:1/v1", "t", Set.of("m"));
    }

    static InferencePath alive() {
        return new InferencePath(InferencePath.EXTERNAL, null, standIn.openAiBaseUrl(), "k", Set.of("m"));
    }

    static ChatCompletionCreateParams ask(String text) {
        return ChatCompletionCreateParams.builder()
                .model("m")
                .addUserMessage(text)
                .build();
    }

    void serving(InferencePath... candidates) {
        when(paths.serving(anyString())).thenReturn(List.of(candidates));
        when(paths.any()).thenReturn(candidates.length > 0);
        when(paths.begin(org.mockito.ArgumentMatchers.any())).thenReturn(() -> {});
    }

    @Test
    void aPathThatFailsBeforeAnyOutputIsSkippedForTheNext() {
        serving(dead(), alive());
        var routed = router.complete(ask("hello"));
        assertThat(routed.path().name()).isEqualTo(InferencePath.EXTERNAL);
        assertThat(routed.value().choices().getFirst().message().content()).contains("Stand-in answer: hello");
    }

    @Test
    void whenEveryTryFailsTheFailureNamesNoAddress() {
        serving(dead());
        assertThatThrownBy(() -> router.complete(ask("hello"))).isInstanceOfSatisfying(InferenceFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(InferenceFailure.Kind.BACKEND);
            assertThat(f.getMessage()).doesNotContain("127.0.0.1").doesNotContain(":1");
        });
    }

    @Test
    void noPathAtAllIs503AndAModelNoPathServesIs404() {
        serving();
        assertThatThrownBy(() -> router.complete(ask("x")))
                .isInstanceOfSatisfying(
                        InferenceFailure.class, f -> assertThat(f.kind().status).isEqualTo(503));
        when(paths.any()).thenReturn(true);
        assertThatThrownBy(() -> router.complete(ask("x")))
                .isInstanceOfSatisfying(
                        InferenceFailure.class, f -> assertThat(f.kind().code).isEqualTo("model_not_found"));
    }

    @Test
    void aStreamIsRelayedEventByEventAndABreakAfterOutputIsNotRetried() {
        serving(alive(), alive());
        List<String> events = new ArrayList<>();
        router.stream(ask("a b c"), events::add);
        assertThat(events)
                .hasSizeGreaterThanOrEqualTo(5)
                .allMatch(e -> e.startsWith("{"))
                .noneMatch(e -> e.contains("[DONE]"));
        List<String> broken = new ArrayList<>();
        assertThatThrownBy(() -> router.stream(ask("[standin:fail-midstream] a b c"), broken::add))
                .isInstanceOfSatisfying(
                        InferenceFailure.class, f -> assertThat(f.getMessage()).contains("broke off"));
        // One try only: a retry would have sent the first events again.
        assertThat(broken.stream()
                        .filter(e -> e.contains("\"role\":\"assistant\""))
                        .count())
                .isEqualTo(1);
    }
}
