package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.problem.ProblemBodies;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobStatus;
import io.cynodeai.jobs.TaskEvents;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.TaskFiles;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One attempt at a claimed job: the call to its node's Worker API, and what the answer means for
 * the job (stored, failed, or given back to be tried again with backoff). No transaction is held
 * across the call: the claim committed first, and the result is written under the claim's lease.
 */
@Component
class JobAttempt {
    private static final Logger log = LoggerFactory.getLogger(JobAttempt.class);
    static final int SUMMARY_MAX = 240;

    private final JobLifecycle lifecycle;
    private final WorkerClient worker;
    private final WorkerRequests requests;
    private final JobWakeups wakeups;
    private final DispatchSettings settings;
    private final TaskEvents events;
    private final TaskFiles files;
    private final Blobs blobs;
    private final ArtifactFetch artifacts;
    private final Placement placement;

    JobAttempt(
            JobLifecycle lifecycle,
            WorkerClient worker,
            WorkerRequests requests,
            JobWakeups wakeups,
            DispatchSettings settings,
            TaskEvents events,
            TaskFiles files,
            Blobs blobs,
            ArtifactFetch artifacts,
            Placement placement) {
        this.lifecycle = lifecycle;
        this.placement = placement;
        this.files = files;
        this.blobs = blobs;
        this.artifacts = artifacts;
        this.events = events;
        this.worker = worker;
        this.requests = requests;
        this.wakeups = wakeups;
        this.settings = settings;
    }

    /** Runs the call; the node's slot is free again once the job has ended (its result stored). */
    void run(InFlight.Call call) {
        Claim claim = call.claim;
        String slug = call.target.slug();
        WorkerRequests.Prepared prepared;
        try {
            prepared = requests.toRunJob(claim, files::attachments);
        } catch (IllegalArgumentException e) {
            fail(claim, "the job cannot be run: " + e.getMessage());
            return;
        }
        RunJobRequest request = prepared.request();
        try {
            WorkerClient.Response response = worker.runJob(
                    call.target,
                    Json.write(request),
                    prepared.attachments().stream()
                            .<Resource>map(f -> new TaskFileResource(blobs, f))
                            .toList(),
                    requests.callTimeout(request),
                    live(claim));
            switch (response.status()) {
                case 200 -> store(call, response.body());
                case 400, 403, 413 -> fail(claim, "node " + slug + " refused the job: " + words(response));
                default -> retry(claim, "node " + slug + " answered " + words(response));
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down: the lease runs out and another holder takes the job
            }
            placement.noAnswer(call.target);
            retry(claim, "node " + slug + " could not be reached: " + unreachable(e));
        }
    }

    /**
     * Where the job's output goes while it runs: its task's live events. The live view is
     * best effort (a follower re-reads the stored result at the end): a failure to store a piece
     * is logged once and does not stop the job.
     */
    private WorkerClient.LiveSink live(Claim claim) {
        boolean[] warned = {false};
        return (stream, text) -> {
            if (!"stdout".equals(stream) && !"stderr".equals(stream)) {
                return;
            }
            try {
                events.output(claim.taskId(), stream, text);
            } catch (RuntimeException e) {
                if (!warned[0]) {
                    warned[0] = true;
                    log.warn("job {}: its live output could not be stored: {}", claim.jobId(), e.toString());
                }
            }
        };
    }

    /** Stores the node's result with the job's artifacts, brought from the node first. */
    private void store(InFlight.Call call, String body) {
        Claim claim = call.claim;
        RunJobResult result;
        try {
            result = Json.read(body, RunJobResult.class);
        } catch (RuntimeException e) {
            fail(claim, "the node's answer was not a valid run-job result");
            return;
        }
        JobStatus outcome = RunJobResult.COMPLETED.equals(result.status()) ? JobStatus.COMPLETED : JobStatus.FAILED;
        ArtifactFetch.Fetched fetched =
                artifacts.fetch(call.target, claim.jobId().toString(), result, body);
        if (!files.complete(claim, outcome, fetched.resultJson(), summary(result, outcome), fetched.files())) {
            // nodes.md §2: the job went back to the queue meanwhile (its node was cut off, say) and
            // its stored result is its lease holder's; this one goes on the job's history.
            lifecycle.recordLateResult(claim, call.target.nodeId(), body);
            if (!fetched.files().isEmpty()) {
                blobs.discard(fetched.files().stream().map(f -> f.blob().key()).toList());
            }
            log.info(
                    "job {} lost its lease before its result came back; the late result is on its history",
                    claim.jobId());
            return;
        }
        artifacts.discardOnNode(call.target, claim.jobId().toString(), result);
    }

    private void retry(Claim claim, String reason) {
        if (claim.attempts() >= settings.maxAttempts()) {
            fail(claim, reason + " (gave up after " + claim.attempts() + " attempts)");
            return;
        }
        log.warn("job {} attempt {} failed, retrying: {}", claim.jobId(), claim.attempts(), reason);
        Duration delay = backoff(claim.attempts());
        lifecycle.retry(claim, reason, delay);
        wakeups.signalAfter(delay);
    }

    private void fail(Claim claim, String reason) {
        log.warn("job {} failed: {}", claim.jobId(), reason);
        lifecycle.fail(claim, truncate(reason));
    }

    /**
     * The wait before attempt {@code attempts + 1}: {@code retryBase} doubled per attempt, at most
     * {@code retryMax}. The retry itself is the job given back to the queue (it must outlive this
     * process), so only the policy comes from Spring's {@link ExponentialBackOff}.
     */
    Duration backoff(int attempts) {
        ExponentialBackOff policy = new ExponentialBackOff(settings.retryBase().toMillis(), 2.0);
        policy.setMaxInterval(settings.retryMax().toMillis());
        BackOffExecution execution = policy.start();
        long wait = execution.nextBackOff();
        for (int i = 1; i < attempts; i++) {
            wait = execution.nextBackOff();
        }
        return Duration.ofMillis(wait);
    }

    /**
     * A task's summary in the control plane's words (nodes.md §1): how the job ended (from a
     * closed set, whatever the node wrote), its exit code, and the first line of its capped output.
     */
    static String summary(RunJobResult r, JobStatus outcome) {
        String ended = RunJobResult.TIMEOUT.equals(r.status()) ? RunJobResult.TIMEOUT : outcome.wire();
        String out = r.stdout() == null ? "" : r.stdout().strip();
        return truncate(ended
                + (r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")")
                + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse("")));
    }

    /** What a node's error answer says, in our words: its status and the title of its problem type, if one of ours. */
    static String words(WorkerClient.Response response) {
        return ProblemBodies.type(response.body())
                .map(type -> type.title() + " (" + response.status() + ")")
                .orElse("HTTP " + response.status());
    }

    /** Why a node could not be reached, in words that name no address or token (the I/O failure's kind). */
    private static String unreachable(RuntimeException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof WorkerClient.AnswerTooLarge) {
            return "its answer was larger than " + (WorkerClient.MAX_ANSWER_BYTES >> 20) + " MiB";
        }
        return cause.getClass().getSimpleName();
    }

    static String truncate(String s) {
        return s.length() > SUMMARY_MAX ? s.substring(0, SUMMARY_MAX) : s;
    }
}
