package io.cynodeai.nodemanager.startup;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.nodemanager.capability.CapabilityCollector;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {
    @TempDir
    Path dir;

    final OrchestratorClient client = mock(OrchestratorClient.class);
    final Upkeep upkeep = mock(Upkeep.class);
    Heartbeat heartbeat;

    Heartbeat heartbeat() {
        NodeHome home = Nodes.home(dir, "updates:\n  heartbeat_seconds: 1\n");
        when(upkeep.lastReport()).thenReturn(CapabilityCollector.collect(home.yaml(), dir));
        heartbeat = new Heartbeat(client, upkeep, home);
        return heartbeat;
    }

    @AfterEach
    void stop() {
        if (heartbeat != null) {
            heartbeat.destroy();
        }
    }

    @Test
    void theLastReportGoesAgainEveryBeatNotDraining() throws Exception {
        heartbeat().start();
        verify(client, timeout(3000).atLeast(2)).reportCapability(argThat(r -> !r.draining()));
    }

    @Test
    void drainingIsSaidAtOnceAndOnEveryBeatAfter() throws Exception {
        Heartbeat h = heartbeat();
        h.draining();
        verify(client).reportCapability(argThat(NodeCapabilityReport::draining));
        h.start();
        verify(client, timeout(3000).atLeast(2)).reportCapability(argThat(NodeCapabilityReport::draining));
        verify(client, never()).reportCapability(argThat(r -> !r.draining()));
    }

    @Test
    void aBeatThatIsNotDeliveredIsTriedAgainNextBeat() throws Exception {
        Heartbeat h = heartbeat();
        doThrow(new IOException("connection refused")).doNothing().when(client).reportCapability(any());
        h.start();
        verify(client, timeout(4000).atLeast(2)).reportCapability(any());
    }

    @Test
    void nothingIsSentBeforeTheNodeHasReportedOnce() throws Exception {
        Heartbeat h = heartbeat();
        when(upkeep.lastReport()).thenReturn(null);
        h.draining();
        verify(client, never()).reportCapability(any());
        verify(upkeep, atLeast(1)).lastReport();
    }
}
