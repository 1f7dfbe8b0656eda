package io.cynodeai.controlplane.dispatch;

import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.controlplane.nodeconfig.DispatchTargets;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.Claimed;
import io.cynodeai.jobs.JobLifecycle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatchLoopTest {
    final JobLifecycle lifecycle = mock(JobLifecycle.class);
    final DispatchTargets targets = mock(DispatchTargets.class);
    final Placement placement =
            new Placement(targets, mock(JobWakeups.class), Clock.systemUTC(), new SimpleMeterRegistry());
    final JobAttempt attempt = mock(JobAttempt.class);
    final PromptAttempt prompts = mock(PromptAttempt.class);
    final JobWakeups wakeups = new JobWakeups(mock(DataSource.class)); // its listener is never started
    final InFlight inFlight = new InFlight();
    final DispatchCalls calls = new DispatchCalls();
    final DispatchSettings settings = Dispatching.settings();
    final DispatchLoop loop = new DispatchLoop(
            lifecycle, placement, inFlight, attempt, prompts, wakeups, calls, settings, new SimpleMeterRegistry());

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop();
        calls.destroy();
    }

    static Claim claim() {
        return new Claim(
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "{}", 1, Instant.now(), Instant.now());
    }

    void nodes(DispatchTarget... targets) {
        when(this.targets.now()).thenReturn(List.of(targets));
    }

    static DispatchTarget node(int max, List<String> labels) {
        return node(max, labels, Instant.EPOCH);
    }

    /** A node last given a job at {@code lastClaimed}: of nodes with as many free slots, the earliest goes first. */
    static DispatchTarget node(int max, List<String> labels, Instant lastClaimed) {
        return new DispatchTarget(
                UUID.randomUUID(),
                "n",
                "http://127.0.0.1:1",
                "t",
                max,
                null,
                new DispatchTarget.State(labels, 0, lastClaimed, Instant.now()));
    }

    static Claimed claimed(int room, Claim... claims) {
        return new Claimed(List.of(claims), room);
    }

    @Test
    void eachClaimOfABatchGoesToAnAttemptOnItsNode() {
        Claim a = claim();
        Claim b = claim();
        DispatchTarget node = node(2, List.of());
        nodes(node);
        when(lifecycle.claimOn(any(), any(), anyInt())).thenReturn(claimed(2));
        when(lifecycle.claimOn(eq(node.nodeId()), any(), eq(2))).thenReturn(claimed(2, a, b), claimed(2));
        loop.start();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            verify(attempt).run(argThat(c -> c.claim == a && c.target == node));
            verify(attempt).run(argThat(c -> c.claim == b && c.target == node));
        });
    }

    @Test
    void aRoundEndsWhenTheQueueHasLessThanWasAskedFor() {
        DispatchTarget node = node(3, List.of());
        nodes(node);
        when(lifecycle.claimOn(eq(node.nodeId()), any(), eq(3))).thenReturn(claimed(3, claim()));
        loop.dispatchAvailable(); // one round, on this thread (the loop thread is not started)
        verify(lifecycle, times(1)).claimOn(eq(node.nodeId()), any(), eq(3));
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> verify(attempt, times(1)).run(any()));
    }

    @Test
    void aFullBatchIsFollowedByAnotherClaimInTheSameRound() {
        DispatchTarget first = node(1, List.of());
        DispatchTarget second = node(1, List.of());
        nodes(first, second);
        when(lifecycle.claimOn(any(), any(), eq(1))).thenReturn(claimed(1, claim()), claimed(1));
        loop.dispatchAvailable();
        verify(lifecycle, times(2)).claimOn(any(), any(), eq(1));
    }

    @Test
    void aNodeThatFoundNoJobItCanRunSparesNodesWithTheSameLabelsButNotOthers() {
        DispatchTarget plain = node(2, List.of(), Instant.EPOCH);
        DispatchTarget alsoPlain = node(2, List.of(), Instant.EPOCH.plusSeconds(1));
        DispatchTarget gpu = node(2, List.of("gpu"), Instant.EPOCH.plusSeconds(2));
        nodes(plain, alsoPlain, gpu);
        when(lifecycle.claimOn(any(), any(), anyInt())).thenReturn(claimed(2));
        loop.dispatchAvailable();
        verify(lifecycle).claimOn(eq(plain.nodeId()), any(), anyInt());
        verify(lifecycle, never()).claimOn(eq(alsoPlain.nodeId()), any(), anyInt());
        verify(lifecycle).claimOn(eq(gpu.nodeId()), any(), anyInt());
    }

    @Test
    void aNodeWithMoreLabelsThatFoundNoJobSparesNodesWithFewer() {
        DispatchTarget gpu = node(2, List.of("gpu"), Instant.EPOCH);
        DispatchTarget plain = node(2, List.of(), Instant.EPOCH.plusSeconds(1));
        nodes(gpu, plain);
        when(lifecycle.claimOn(any(), any(), anyInt())).thenReturn(claimed(2));
        loop.dispatchAvailable();
        verify(lifecycle).claimOn(eq(gpu.nodeId()), any(), anyInt());
        verify(lifecycle, never()).claimOn(eq(plain.nodeId()), any(), anyInt());
    }

    @Test
    void nothingIsClaimedWhileNoNodeHasRoom() {
        nodes();
        loop.dispatchAvailable();
        verify(lifecycle, never()).claimOn(any(), any(), anyInt());
    }

    @Test
    void promptJobsAreClaimedWithNoNodeAndGoToAPromptAttemptEvenWhenNoNodeHasRoom() {
        Claim p = claim();
        nodes();
        when(lifecycle.claimPrompts(any(), eq(settings.maxPrompts()))).thenReturn(List.of(p));
        loop.dispatchAvailable();
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> verify(prompts).run(argThat(c -> c.claim == p && c.target == null)));
        verify(attempt, never()).run(any());
    }

    @Test
    void aDisabledDispatcherNeverStarts() {
        var off = new DispatchLoop(
                lifecycle,
                placement,
                inFlight,
                attempt,
                prompts,
                wakeups,
                calls,
                new DispatchSettings(
                        false,
                        settings.lease(),
                        3,
                        settings.retryBase(),
                        settings.retryMax(),
                        settings.poll(),
                        settings.callMargin(),
                        settings.defaultCallTimeout(),
                        settings.targetsEvery(),
                        settings.renewEvery(),
                        settings.renewWhileSeenWithin(),
                        settings.sweepEvery(),
                        settings.cancelEvery(),
                        settings.maxPrompts()),
                new SimpleMeterRegistry());
        off.start();
        org.assertj.core.api.Assertions.assertThat(off.isRunning()).isFalse();
        verify(lifecycle, never()).claimOn(any(), any(), anyInt());
    }
}
