package io.cynodeai.controlplane.dispatch;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.TaskReads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CancelForwarderTest {
    final TaskReads reads = mock(TaskReads.class);
    final WorkerClient worker = mock(WorkerClient.class);
    final InFlight inFlight = new InFlight();
    final DispatchCalls calls = new DispatchCalls();
    final CancelForwarder forwarder = new CancelForwarder(reads, inFlight, worker, calls);
    final DispatchTarget node = new DispatchTarget(UUID.randomUUID(), "n", "http://127.0.0.1:1", "t", 2);
    final UUID job = UUID.randomUUID();

    @AfterEach
    void stop() throws InterruptedException {
        calls.destroy();
    }

    void running() {
        inFlight.begin(
                node, new Claim(job, UUID.randomUUID(), UUID.randomUUID(), "{}", 1, Instant.now(), Instant.now()));
        when(reads.cancelRequested(any())).thenReturn(List.of(job));
    }

    @Test
    void aCancelIsSentOnceWhenTheWorkerTakesIt() throws Exception {
        running();
        when(worker.cancel(node, job.toString())).thenReturn(202);
        forwarder.forward();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> verify(worker).cancel(node, job.toString()));
        forwarder.forward();
        Thread.sleep(100);
        verify(worker, times(1)).cancel(node, job.toString());
    }

    @Test
    void aCancelTheWorkerDidNotTakeIsSentAgain() throws Exception {
        running();
        when(worker.cancel(node, job.toString())).thenReturn(404);
        forwarder.forward();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> verify(worker).cancel(node, job.toString()));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            forwarder.forward();
            verify(worker, atLeast(2)).cancel(node, job.toString());
        });
    }

    @Test
    void nothingIsSentForAJobNotHeldHere() throws Exception {
        when(reads.cancelRequested(any())).thenReturn(List.of(job));
        forwarder.forward();
        Thread.sleep(100);
        verify(worker, never()).cancel(any(), anyString());
    }
}
