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
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatchLoopTest {
    final JobLifecycle lifecycle = mock(JobLifecycle.class);
    final Placement placement = mock(Placement.class);
    final JobAttempt attempt = mock(JobAttempt.class);
    final PromptAttempt prompts = mock(PromptAttempt.class);
    final JobWakeups wakeups = new JobWakeups(mock(DataSource.class)); // its listener is never started
    final InFlight inFlight = new InFlight();
    final DispatchCalls calls = new DispatchCalls();
    final DispatchSettings settings = Dispatching.settings();
    final DispatchLoop loop = new DispatchLoop(
            lifecycle, placement, inFlight, attempt, prompts, wakeups, calls, settings, new SimpleMeterRegistry());
    final DispatchTarget node = new DispatchTarget(UUID.randomUUID(), "n", "http://127.0.0.1:1", "t", 4);

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop();
        calls.destroy();
    }

    static Claim claim() {
        return new Claim(
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "{}", 1, Instant.now(), Instant.now());
    }

    @Test
    void eachClaimOfABatchGoesToAnAttemptOnItsNode() {
        Claim a = claim();
        Claim b = claim();
        when(placement.next()).thenReturn(Optional.of(new Placement.Pick(node, 2)));
        when(lifecycle.claim(eq(node.nodeId()), any(), eq(2))).thenReturn(List.of(a, b), List.of());
        loop.start();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            verify(attempt).run(argThat(c -> c.claim == a && c.target == node));
            verify(attempt).run(argThat(c -> c.claim == b && c.target == node));
        });
    }

    @Test
    void aRoundEndsWhenTheQueueHasLessThanWasAskedFor() {
        when(placement.next()).thenReturn(Optional.of(new Placement.Pick(node, 3)));
        when(lifecycle.claim(eq(node.nodeId()), any(), eq(3))).thenReturn(List.of(claim()), List.of(claim()));
        loop.dispatchAvailable(); // one round, on this thread (the loop thread is not started)
        verify(lifecycle, times(1)).claim(eq(node.nodeId()), any(), eq(3));
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> verify(attempt, times(1)).run(any()));
    }

    @Test
    void aFullBatchIsFollowedByAnotherClaimInTheSameRound() {
        when(placement.next()).thenReturn(Optional.of(new Placement.Pick(node, 1)));
        when(lifecycle.claim(eq(node.nodeId()), any(), eq(1))).thenReturn(List.of(claim()), List.of());
        loop.dispatchAvailable();
        verify(lifecycle, times(2)).claim(eq(node.nodeId()), any(), eq(1));
    }

    @Test
    void nothingIsClaimedWhileNoNodeHasRoom() {
        when(placement.next()).thenReturn(Optional.empty());
        loop.dispatchAvailable();
        verify(lifecycle, never()).claim(any(), any(), anyInt());
    }

    @Test
    void promptJobsAreClaimedWithNoNodeAndGoToAPromptAttemptEvenWhenNoNodeHasRoom() {
        Claim p = claim();
        when(placement.next()).thenReturn(Optional.empty());
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
                        settings.sweepEvery(),
                        settings.cancelEvery(),
                        settings.maxPrompts()),
                new SimpleMeterRegistry());
        off.start();
        org.assertj.core.api.Assertions.assertThat(off.isRunning()).isFalse();
        verify(lifecycle, never()).claim(any(), any(), anyInt());
    }
}
