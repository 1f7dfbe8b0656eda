package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.controlplane.nodeconfig.DispatchTargets;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.Claimed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlacementTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    final DispatchTargets targets = mock(DispatchTargets.class);
    final JobWakeups wakeups = mock(JobWakeups.class);
    final Placement placement = new Placement(targets, wakeups, Clock.systemUTC(), new SimpleMeterRegistry());

    static DispatchTarget node(String slug, int max, int running, Instant lastClaimed, List<String> labels) {
        return new DispatchTarget(
                UUID.randomUUID(),
                slug,
                "http://127.0.0.1:1",
                "t",
                max,
                null,
                new DispatchTarget.State(labels, running, lastClaimed, T0));
    }

    static DispatchTarget node(String slug, int max, int running) {
        return node(slug, max, running, Instant.EPOCH, List.of());
    }

    static DispatchTarget seenAt(DispatchTarget t, Instant seen) {
        var s = t.state();
        return new DispatchTarget(
                t.nodeId(),
                t.slug(),
                t.workerApiUrl(),
                t.bearerToken(),
                t.maxConcurrency(),
                null,
                new DispatchTarget.State(s.labels(), s.runningJobs(), s.lastClaimedAt(), seen));
    }

    static Claimed claimed(int took, int room) {
        List<Claim> claims = new java.util.ArrayList<>();
        for (int i = 0; i < took; i++) {
            UUID id = UUID.randomUUID();
            claims.add(new Claim(id, id, UUID.randomUUID(), "{}", 1, Instant.now(), Instant.now()));
        }
        return new Claimed(claims, room);
    }

    @Test
    void aLoneNodeGetsAllItsFreeSlotsInOneClaim() {
        DispatchTarget a = node("a", 4, 1);
        when(targets.now()).thenReturn(List.of(a));
        assertThat(placement.round().next()).contains(new Placement.Pick(a, 3));
    }

    @Test
    void theBatchIsCapped() {
        when(targets.now()).thenReturn(List.of(node("a", 100, 0)));
        assertThat(placement.round().next().orElseThrow().batch()).isEqualTo(Placement.MAX_BATCH);
    }

    @Test
    void ofSeveralNodesTheOneWithTheMostFreeSlotsGetsOneJob() {
        DispatchTarget a = node("a", 2, 0); // 2 free
        DispatchTarget b = node("b", 8, 5); // 3 free, though more loaded relative to its size
        when(targets.now()).thenReturn(List.of(a, b));
        assertThat(placement.round().next()).contains(new Placement.Pick(b, 1));
    }

    @Test
    void ofNodesWithAsManyFreeSlotsTheLeastRecentlyUsedGoesFirst() {
        DispatchTarget recent = node("recent", 2, 0, T0.plusSeconds(5), List.of());
        DispatchTarget earlier = node("earlier", 2, 0, T0, List.of());
        when(targets.now()).thenReturn(List.of(recent, earlier));
        assertThat(placement.round().next()).contains(new Placement.Pick(earlier, 1));
    }

    @Test
    void aJobClaimedMakesItsNodeTheMostRecentlyUsed() {
        DispatchTarget a = node("a", 2, 0, T0, List.of());
        DispatchTarget b = node("b", 2, 0, T0.plusSeconds(1), List.of());
        when(targets.now()).thenReturn(List.of(a, b));
        Placement.Round round = placement.round();
        Placement.Pick first = round.next().orElseThrow();
        assertThat(first.target()).isEqualTo(a);
        round.claimed(first, claimed(1, 2));
        placement.ended(a); // back to 2 free each: the tie goes to b, used less recently now
        assertThat(placement.round().next()).contains(new Placement.Pick(b, 1));
    }

    @Test
    void nothingWhenEveryNodeIsFull() {
        when(targets.now()).thenReturn(List.of(node("a", 1, 1), node("b", 2, 2)));
        assertThat(placement.round().next()).isEmpty();
    }

    @Test
    void anEndedJobFreesItsSlot() {
        DispatchTarget a = node("a", 1, 1);
        when(targets.now()).thenReturn(List.of(a));
        assertThat(placement.round().next()).isEmpty();
        placement.ended(a);
        assertThat(placement.round().next()).contains(new Placement.Pick(a, 1));
    }

    @Test
    void whatAClaimFoundInTheDatabaseIsWhatPlacementKnowsOfTheNode() {
        DispatchTarget a = node("a", 4, 0);
        when(targets.now()).thenReturn(List.of(a));
        Placement.Round round = placement.round();
        Placement.Pick pick = round.next().orElseThrow();
        round.claimed(pick, claimed(0, 0)); // another control plane had filled it
        assertThat(placement.round().next()).isEmpty();
    }

    @Test
    void aNodeWhoseClaimCameBackShortIsNotAskedAgainInTheRound() {
        DispatchTarget a = node("a", 4, 0);
        when(targets.now()).thenReturn(List.of(a));
        Placement.Round round = placement.round();
        Placement.Pick pick = round.next().orElseThrow();
        round.claimed(pick, claimed(1, 4));
        assertThat(round.next()).isEmpty();
        assertThat(placement.round().next()).as("the next round").contains(new Placement.Pick(a, 3));
    }

    @Test
    void aNodeThatFoundNoJobItCouldRunSparesTheRoundNodesWithNoMoreLabels() {
        DispatchTarget plain = node("plain", 2, 0, T0, List.of());
        DispatchTarget gpuOnly = node("gpu", 2, 0, T0.plusSeconds(1), List.of("gpu"));
        DispatchTarget alsoPlain = node("also-plain", 2, 0, T0.plusSeconds(2), List.of());
        when(targets.now()).thenReturn(List.of(plain, gpuOnly, alsoPlain));
        Placement.Round round = placement.round();
        Placement.Pick first = round.next().orElseThrow();
        assertThat(first.target()).isEqualTo(plain);
        round.claimed(first, claimed(0, 2));
        Placement.Pick second = round.next().orElseThrow();
        assertThat(second.target())
                .as("a node with a label may have jobs for it")
                .isEqualTo(gpuOnly);
        round.claimed(second, claimed(0, 2));
        assertThat(round.next()).as("also-plain has no label plain lacks").isEmpty();
    }

    @Test
    void aNodeThatFoundNothingWhileAJobIsHeldForAnotherNodeSparesNoOne() {
        DispatchTarget plain = node("plain", 2, 0, T0, List.of());
        DispatchTarget holder = node("holder", 2, 0, T0.plusSeconds(1), List.of());
        when(targets.now()).thenReturn(List.of(plain, holder));
        Placement.Round round = placement.round();
        Placement.Pick first = round.next().orElseThrow();
        assertThat(first.target()).isEqualTo(plain);
        round.claimed(first, new Claimed(List.of(), 2, true));
        assertThat(round.next()).as("the job held for it is holder's to take").contains(new Placement.Pick(holder, 2));
    }

    @Test
    void aNodeThatGaveNoAnswerGetsNothingUntilHeardFromAgain() throws InterruptedException {
        DispatchTarget a = node("a", 2, 0);
        when(targets.now()).thenReturn(List.of(a));
        placement.refresh();
        placement.noAnswer(a);
        assertThat(placement.round().next()).isEmpty();
        placement.refresh(); // seen last before the failure
        assertThat(placement.round().next()).isEmpty();
        when(targets.now()).thenReturn(List.of(seenAt(a, Instant.now().plusSeconds(1))));
        placement.refresh();
        assertThat(placement.round().next())
                .map(Placement.Pick::target)
                .map(DispatchTarget::slug)
                .contains("a");
    }

    @Test
    void aNodeThatAppearsWakesTheDispatcherOnce() {
        DispatchTarget a = node("a", 1, 0);
        when(targets.now()).thenReturn(List.of()).thenReturn(List.of(a)).thenReturn(List.of(a));
        placement.refresh();
        placement.refresh();
        placement.refresh();
        verify(wakeups, times(1)).signal();
    }
}
