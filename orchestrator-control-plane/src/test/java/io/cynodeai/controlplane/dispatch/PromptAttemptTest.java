package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.inference.ChatRouter;
import io.cynodeai.inference.InferenceFailure;
import io.cynodeai.inference.InferencePath;
import io.cynodeai.inference.InferencePaths;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class PromptAttemptTest {
    final JobLifecycle lifecycle = mock(JobLifecycle.class);
    final ChatRouter router = mock(ChatRouter.class);
    final InferencePaths paths = mock(InferencePaths.class);
    final JobWakeups wakeups = new JobWakeups(mock(DataSource.class));
    final DispatchSettings settings = Dispatching.settings();
    final PromptAttempt attempt = new PromptAttempt(
            lifecycle,
            router,
            paths,
            wakeups,
            new JobAttempt(
                    lifecycle,
                    mock(WorkerClient.class),
                    mock(WorkerRequests.class),
                    wakeups,
                    settings,
                    mock(io.cynodeai.jobs.TaskEvents.class),
                    mock(io.cynodeai.jobs.files.TaskFiles.class),
                    null,
                    mock(ArtifactFetch.class),
                    mock(Placement.class)),
            settings);
    final InferencePath path =
            new InferencePath("node:n1", UUID.randomUUID(), "http://127.0.0.1:1/v1", "t", Set.of("m"));

    static Claim claim(int attempts) {
        return new Claim(
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                "{\"input_mode\":\"prompt\",\"prompt\":\"What is 2+2?\",\"model\":\"m\"}",
                attempts,
                Instant.now(),
                Instant.now());
    }

    InFlight.Call call(Claim claim) {
        return new InFlight().begin((DispatchTarget) null, claim);
    }

    static ChatCompletion answer(String text) {
        return ChatCompletion.builder()
                .id("chatcmpl-1")
                .created(1)
                .model("m")
                .addChoice(ChatCompletion.Choice.builder()
                        .index(0)
                        .finishReason(ChatCompletion.Choice.FinishReason.STOP)
                        .logprobs(Optional.empty())
                        .message(ChatCompletionMessage.builder()
                                .content(text)
                                .refusal(Optional.empty())
                                .build())
                        .build())
                .build();
    }

    @Test
    void theAnswerIsTheJobsStdoutWithExitCodeZero() {
        Claim claim = claim(1);
        when(paths.resolve("m")).thenReturn(Optional.of("m"));
        when(router.complete(any())).thenReturn(new ChatRouter.Routed<>(answer("4"), path));
        when(lifecycle.complete(any(), any(), anyString(), anyString())).thenReturn(true);
        attempt.run(call(claim));
        ArgumentCaptor<String> result = ArgumentCaptor.forClass(String.class);
        verify(lifecycle).complete(eq(claim), eq(JobStatus.COMPLETED), result.capture(), eq("completed: 4"));
        RunJobResult stored = Json.read(result.getValue(), RunJobResult.class);
        assertThat(stored.stdout()).isEqualTo("4");
        assertThat(stored.stderr()).isEmpty();
        assertThat(stored.exitCode()).isZero();
        ArgumentCaptor<ChatCompletionCreateParams> asked = ArgumentCaptor.forClass(ChatCompletionCreateParams.class);
        verify(router).complete(asked.capture());
        assertThat(asked.getValue().model().asString()).isEqualTo("m");
        assertThat(asked.getValue().messages().getFirst().asUser().content().asText())
                .isEqualTo("What is 2+2?");
    }

    @Test
    void aFailingBackendIsTriedAgainLaterUntilTheLastAttemptFailsTheTask() {
        when(paths.resolve("m")).thenReturn(Optional.of("m"));
        when(router.complete(any()))
                .thenThrow(new InferenceFailure(InferenceFailure.Kind.BACKEND, "no inference path could answer"));
        Claim early = claim(1);
        attempt.run(call(early));
        verify(lifecycle).retry(eq(early), eq("no inference path could answer"), any());
        Claim last = claim(settings.maxAttempts());
        attempt.run(call(last));
        verify(lifecycle).fail(eq(last), org.mockito.ArgumentMatchers.contains("gave up after"));
    }

    @Test
    void aModelNoPathServesFailsAtOnce() {
        when(paths.resolve("m")).thenReturn(Optional.of("m"));
        when(router.complete(any()))
                .thenThrow(new InferenceFailure(InferenceFailure.Kind.MODEL_NOT_FOUND, "The model 'm' does not exist"));
        Claim claim = claim(1);
        attempt.run(call(claim));
        verify(lifecycle).fail(claim, "The model 'm' does not exist");
        verify(lifecycle, never()).retry(any(), any(), any());
    }

    @Test
    void anAnswerOverTheCapIsCutAtACharacterBoundary() {
        String big = "é".repeat(PromptAttempt.MAX_ANSWER_BYTES); // two bytes each
        String cut = PromptAttempt.cap(big);
        assertThat(cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(PromptAttempt.MAX_ANSWER_BYTES);
        assertThat(cut).isEqualTo("é".repeat(PromptAttempt.MAX_ANSWER_BYTES / 2));
    }
}
