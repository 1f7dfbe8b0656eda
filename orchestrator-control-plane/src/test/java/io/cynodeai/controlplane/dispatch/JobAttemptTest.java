package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobStatus;
import io.cynodeai.jobs.TaskEvents;
import io.cynodeai.jobs.files.FilesSettings;
import io.cynodeai.jobs.files.TaskFiles;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.ResourceAccessException;

class JobAttemptTest {
    static final String SPEC = "{\"input_mode\":\"commands\",\"commands\":[\"echo hi\"]}";
    static final String RESULT = """
            {"version":1,"task_id":"t","job_id":"j","status":"completed","exit_code":0,"stdout":"hi\\nmore\\n","stderr":"",
             "started_at":"2026-12-01T00:00:00Z","ended_at":"2026-12-01T00:00:01Z","truncated":{"stdout":false,"stderr":false}}""";

    final JobLifecycle lifecycle = mock(JobLifecycle.class);
    final WorkerClient worker = mock(WorkerClient.class);
    final JobWakeups wakeups = mock(JobWakeups.class);
    final DispatchSettings settings = Dispatching.settings();
    final TaskEvents events = mock(TaskEvents.class);
    final Placement placement = mock(Placement.class);
    final JobAttempt attempt = new JobAttempt(
            lifecycle,
            worker,
            new WorkerRequests(new SandboxSettings("i", "none", null), settings, FilesSettings.defaults()),
            wakeups,
            settings,
            events,
            new TaskFiles(null, lifecycle, null),
            null,
            new ArtifactFetch(worker, null, FilesSettings.defaults()),
            placement);
    final InFlight inFlight = new InFlight();
    final DispatchTarget node = new DispatchTarget(UUID.randomUUID(), "n1", "http://127.0.0.1:1", "t", 2);

    InFlight.Call call(int attempts, String spec) {
        UUID id = UUID.randomUUID();
        return inFlight.begin(
                node,
                new Claim(id, UUID.randomUUID(), UUID.randomUUID(), spec, attempts, Instant.now(), Instant.now()));
    }

    void workerAnswers(int status, String body) throws Exception {
        when(worker.runJob(eq(node), anyString(), anyList(), any(), any()))
                .thenReturn(new WorkerClient.Response(status, body));
    }

    @Test
    void aResultIsStoredWithASummaryOfItsFirstLine() throws Exception {
        workerAnswers(200, RESULT);
        InFlight.Call call = call(1, SPEC);
        when(lifecycle.complete(call.claim, JobStatus.COMPLETED, RESULT, "completed (exit 0): hi"))
                .thenReturn(true);
        attempt.run(call);
        verify(lifecycle).complete(call.claim, JobStatus.COMPLETED, RESULT, "completed (exit 0): hi");
        verify(lifecycle, never()).recordLateResult(any(), any(), any());
    }

    @Test
    void aResultThatCameBackAfterItsLeaseWasLostGoesOnTheJobsHistory() throws Exception {
        workerAnswers(200, RESULT);
        InFlight.Call call = call(1, SPEC);
        when(lifecycle.complete(any(), any(), any(), any())).thenReturn(false); // another holder has the job
        attempt.run(call);
        verify(lifecycle).recordLateResult(call.claim, node.nodeId(), RESULT);
    }

    @Test
    void aNodeThatGivesNoAnswerIsLeftOutOfPlacement() throws Exception {
        when(worker.runJob(eq(node), anyString(), anyList(), any(), any()))
                .thenThrow(new ResourceAccessException("I/O error", new ConnectException("refused")));
        attempt.run(call(1, SPEC));
        verify(placement).noAnswer(node);
    }

    @Test
    void aFailedRunIsStoredAsFailed() throws Exception {
        String failed = RESULT.replace("\"completed\",\"exit_code\":0", "\"failed\",\"exit_code\":3");
        workerAnswers(200, failed);
        InFlight.Call call = call(1, SPEC);
        attempt.run(call);
        verify(lifecycle).complete(call.claim, JobStatus.FAILED, failed, "failed (exit 3): hi");
    }

    @Test
    void aRefusalFailsTheJobInTheControlPlanesWordsNotTheNodes() throws Exception {
        workerAnswers(
                403,
                "{\"type\":\"https://cynode.ai/problems/image-not-allowed\",\"detail\":\"<script>pay to bc1q…</script>\"}");
        InFlight.Call call = call(1, SPEC);
        attempt.run(call);
        verify(lifecycle).fail(call.claim, "node n1 refused the job: Image not allowed (403)");
        verify(lifecycle, never()).retry(any(), anyString(), any());
    }

    @Test
    void anUnavailableNodeIsRetriedWithBackoff() throws Exception {
        workerAnswers(503, "{\"detail\":\"busy\"}");
        InFlight.Call call = call(2, SPEC);
        attempt.run(call);
        verify(lifecycle).retry(call.claim, "node n1 answered HTTP 503", Duration.ofMillis(200));
        verify(wakeups).signalAfter(Duration.ofMillis(200));
    }

    @Test
    void anUnreachableNodeIsRetriedUntilTheAttemptsRunOut() throws Exception {
        when(worker.runJob(eq(node), anyString(), anyList(), any(), any()))
                .thenThrow(new ResourceAccessException("I/O error", new ConnectException("refused")));
        InFlight.Call last = call(settings.maxAttempts(), SPEC);
        attempt.run(last);
        verify(lifecycle).fail(eq(last.claim), contains("could not be reached: ConnectException (gave up after 3"));
    }

    @Test
    void anAnswerPastItsBoundIsAFailedAttempt() throws Exception {
        when(worker.runJob(eq(node), anyString(), anyList(), any(), any()))
                .thenThrow(new ResourceAccessException("I/O error", new WorkerClient.AnswerTooLarge(16L << 20)));
        InFlight.Call call = call(1, SPEC);
        attempt.run(call);
        verify(lifecycle)
                .retry(
                        call.claim,
                        "node n1 could not be reached: its answer was larger than 16 MiB",
                        Duration.ofMillis(100));
    }

    @Test
    void aTimedOutRunIsSummarisedAsATimeout() {
        var timedOut = Json.read(
                RESULT.replace("\"completed\",\"exit_code\":0", "\"timeout\",\"exit_code\":137"),
                io.cynodeai.contracts.worker.RunJobResult.class);
        assertThat(JobAttempt.summary(timedOut, JobStatus.FAILED)).isEqualTo("timeout (exit 137): hi");
    }

    @Test
    void anAnswerThatIsNotAResultFailsTheJob() throws Exception {
        workerAnswers(200, "<html>");
        InFlight.Call call = call(1, SPEC);
        attempt.run(call);
        verify(lifecycle).fail(call.claim, "the node's answer was not a valid run-job result");
    }

    @Test
    void aJobWhoseSpecCannotBeRunFailsWithoutACall() {
        InFlight.Call call = call(1, "{\"input_mode\":\"paint\"}");
        attempt.run(call);
        verify(lifecycle).fail(eq(call.claim), contains("cannot be run"));
        verify(worker, never()).runJob(any(), anyString(), anyList(), any(), any());
    }

    @Test
    void backoffDoublesUpToItsMaximum() {
        assertThat(attempt.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(attempt.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(attempt.backoff(3)).isEqualTo(Duration.ofMillis(350));
        assertThat(attempt.backoff(10)).isEqualTo(Duration.ofMillis(350));
    }
}
