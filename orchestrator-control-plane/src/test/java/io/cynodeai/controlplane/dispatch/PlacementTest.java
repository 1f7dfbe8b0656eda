package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.controlplane.nodeconfig.NodeConfigs;
import io.cynodeai.jobs.Claim;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlacementTest {
    final NodeConfigs nodes = mock(NodeConfigs.class);
    final JobWakeups wakeups = mock(JobWakeups.class);
    final InFlight inFlight = new InFlight();
    final Placement placement = new Placement(nodes, inFlight, wakeups);

    static DispatchTarget node(String slug, int max) {
        return new DispatchTarget(UUID.randomUUID(), slug, "http://127.0.0.1:1", "t", max);
    }

    void busy(DispatchTarget t, int jobs) {
        for (int i = 0; i < jobs; i++) {
            UUID id = UUID.randomUUID();
            inFlight.begin(t, new Claim(id, id, UUID.randomUUID(), "{}", 1, Instant.now(), Instant.now()));
        }
    }

    @Test
    void aLoneNodeGetsAllItsFreeSlotsInOneClaim() {
        DispatchTarget a = node("a", 4);
        when(nodes.dispatchTargets()).thenReturn(List.of(a));
        busy(a, 1);
        assertThat(placement.next()).contains(new Placement.Pick(a, 3));
    }

    @Test
    void theBatchIsCapped() {
        DispatchTarget a = node("a", 100);
        when(nodes.dispatchTargets()).thenReturn(List.of(a));
        assertThat(placement.next().orElseThrow().batch()).isEqualTo(Placement.MAX_BATCH);
    }

    @Test
    void withSeveralNodesTheLeastLoadedGetsOneJob() {
        DispatchTarget a = node("a", 2);
        DispatchTarget b = node("b", 4);
        when(nodes.dispatchTargets()).thenReturn(List.of(a, b));
        busy(a, 1); // a at 1/2, b at 1/4
        busy(b, 1);
        assertThat(placement.next()).contains(new Placement.Pick(b, 1));
    }

    @Test
    void nothingWhenEveryNodeIsFull() {
        DispatchTarget a = node("a", 1);
        when(nodes.dispatchTargets()).thenReturn(List.of(a));
        busy(a, 1);
        assertThat(placement.next()).isEmpty();
    }

    @Test
    void aFreedSlotIsRoomAgain() {
        DispatchTarget a = node("a", 1);
        when(nodes.dispatchTargets()).thenReturn(List.of(a));
        UUID id = UUID.randomUUID();
        InFlight.Call call =
                inFlight.begin(a, new Claim(id, id, UUID.randomUUID(), "{}", 1, Instant.now(), Instant.now()));
        assertThat(placement.next()).isEmpty();
        assertThat(call.freeSlot()).isTrue();
        assertThat(call.end()).as("freed once").isFalse();
        assertThat(placement.next()).contains(new Placement.Pick(a, 1));
    }

    @Test
    void aNodeThatAppearsWakesTheDispatcherOnce() {
        DispatchTarget a = node("a", 1);
        when(nodes.dispatchTargets())
                .thenReturn(List.of())
                .thenReturn(List.of(a))
                .thenReturn(List.of(a));
        placement.refresh();
        placement.refresh();
        placement.refresh();
        verify(wakeups, times(1)).signal();
    }
}
