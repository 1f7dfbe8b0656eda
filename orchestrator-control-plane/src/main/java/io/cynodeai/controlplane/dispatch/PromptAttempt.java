package io.cynodeai.controlplane.dispatch;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.inference.ChatRouter;
import io.cynodeai.inference.InferenceFailure;
import io.cynodeai.inference.InferencePaths;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobSpec;
import io.cynodeai.jobs.JobStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One attempt at a claimed prompt job (inference.md §3): the prompt to its model through an
 * inference path, the answer stored as the job's {@code stdout} ({@code stderr} empty, exit code
 * 0), capped like sandbox output. No path now, or a backend that failed on every path the router
 * tried: given back with backoff, and after the last attempt the task fails with a summary that
 * says why. A canceled prompt's request is interrupted and the job ends canceled.
 */
@Component
class PromptAttempt {
    private static final Logger log = LoggerFactory.getLogger(PromptAttempt.class);
    /** The same cap as a sandbox job's stdout. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private final JobLifecycle lifecycle;
    private final ChatRouter router;
    private final InferencePaths paths;
    private final JobWakeups wakeups;
    private final JobAttempt jobs;
    private final DispatchSettings settings;

    PromptAttempt(
            JobLifecycle lifecycle,
            ChatRouter router,
            InferencePaths paths,
            JobWakeups wakeups,
            JobAttempt jobs,
            DispatchSettings settings) {
        this.lifecycle = lifecycle;
        this.router = router;
        this.paths = paths;
        this.wakeups = wakeups;
        this.jobs = jobs;
        this.settings = settings;
    }

    void run(InFlight.Call call) {
        call.runner = Thread.currentThread();
        Claim claim = call.claim;
        JobSpec spec;
        try {
            spec = JobSpec.parse(claim.spec());
        } catch (IllegalArgumentException e) {
            lifecycle.fail(claim, "the job cannot be run: " + e.getMessage());
            return;
        }
        String model = paths.resolve(spec.model()).orElse(null);
        if (model == null) {
            retry(claim, "no inference path can answer now");
            return;
        }
        Instant started = Instant.now();
        try {
            ChatCompletion answer = router.complete(ChatCompletionCreateParams.builder()
                            .model(model)
                            .addUserMessage(spec.prompt())
                            .build())
                    .value();
            String text = answer.choices().isEmpty()
                    ? ""
                    : answer.choices().getFirst().message().content().orElse("");
            store(claim, text, started);
        } catch (InferenceFailure e) {
            if (Thread.interrupted()) {
                lifecycle.fail(claim, "canceled"); // ends canceled: the cancel was requested
                return;
            }
            switch (e.kind()) {
                case MODEL_NOT_FOUND, INVALID_REQUEST -> lifecycle.fail(claim, JobAttempt.truncate(e.getMessage()));
                default -> retry(claim, e.getMessage());
            }
        } catch (RuntimeException e) {
            if (Thread.interrupted()) {
                lifecycle.fail(claim, "canceled");
                return;
            }
            retry(claim, "the model request failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void store(Claim claim, String text, Instant started) {
        String stdout = cap(text);
        var result = new RunJobResult(
                1,
                claim.taskId().toString(),
                claim.jobId().toString(),
                RunJobResult.COMPLETED,
                0,
                stdout,
                "",
                started,
                Instant.now(),
                new RunJobResult.Truncated(stdout.length() < text.length(), false));
        String summary = JobAttempt.truncate(
                "completed: " + text.strip().lines().findFirst().orElse(""));
        if (!lifecycle.complete(claim, JobStatus.COMPLETED, Json.write(result), summary)) {
            log.info("prompt job {} lost its lease before its answer was stored", claim.jobId());
        }
    }

    private void retry(Claim claim, String reason) {
        if (claim.attempts() >= settings.maxAttempts()) {
            lifecycle.fail(claim, JobAttempt.truncate(reason + " (gave up after " + claim.attempts() + " attempts)"));
            return;
        }
        log.warn("prompt job {} attempt {} failed, retrying: {}", claim.jobId(), claim.attempts(), reason);
        var delay = jobs.backoff(claim.attempts());
        lifecycle.retry(claim, reason, delay);
        wakeups.signalAfter(delay);
    }

    /** The answer within {@link #MAX_ANSWER_BYTES} of UTF-8, cut at a character boundary. */
    static String cap(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_ANSWER_BYTES) {
            return text;
        }
        int end = MAX_ANSWER_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
