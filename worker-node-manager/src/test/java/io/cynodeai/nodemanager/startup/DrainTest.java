package io.cynodeai.nodemanager.startup;

import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentMatchers;

class DrainTest {
    @TempDir
    Path dir;

    final Heartbeat heartbeat = mock(Heartbeat.class);
    final LocalServices services = mock(LocalServices.class);
    final NodeExit exit = mock(NodeExit.class);

    Drain drain() {
        return new Drain(heartbeat, services, exit, Nodes.home(dir, "shutdown:\n  drain_timeout_seconds: 42\n"));
    }

    @Test
    void aStoppedNodeSaysItIsDrainingThenGivesItsJobsTheDrainTimeout() throws Exception {
        when(services.workerStarted()).thenReturn(true);
        drain().stop();
        var order = inOrder(heartbeat, services);
        order.verify(heartbeat).draining();
        order.verify(services).stopWorker(Duration.ofSeconds(42));
    }

    @Test
    void anOrchestratorThatCannotBeToldStillLetsTheJobsFinish() throws Exception {
        when(services.workerStarted()).thenReturn(true);
        doThrow(new IOException("connection refused")).when(heartbeat).draining();
        drain().stop();
        verify(services).stopWorker(Duration.ofSeconds(42));
    }

    @Test
    void aNodeLeavingBecauseItsIdentityWasRefusedDoesNotDrain() throws Exception {
        when(services.workerStarted()).thenReturn(true);
        when(exit.exiting()).thenReturn(true);
        drain().stop();
        verify(heartbeat, never()).draining();
        verify(services, never()).stopWorker(ArgumentMatchers.any());
    }

    @Test
    void aNodeWhoseWorkerNeverStartedHasNothingToDrain() throws Exception {
        drain().stop();
        verify(heartbeat, never()).draining();
    }
}
