package io.cynodeai.controlplane.dispatch;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {
    final JobLifecycle lifecycle = mock(JobLifecycle.class);
    final JobWakeups wakeups = mock(JobWakeups.class);
    final InFlight inFlight = new InFlight();
    final DispatchSettings settings = Dispatching.settings();
    final LeaseKeeper keeper = new LeaseKeeper(lifecycle, inFlight, wakeups, settings);

    @Test
    void renewsTheLeasesOfCallsUnderWay() {
        UUID lease = UUID.randomUUID();
        inFlight.begin(
                new DispatchTarget(UUID.randomUUID(), "n", "http://127.0.0.1:1", "t", 1),
                new Claim(UUID.randomUUID(), UUID.randomUUID(), lease, "{}", 1, Instant.now(), Instant.now()));
        keeper.renew();
        verify(lifecycle).renew(Set.of(lease), settings.lease(), settings.renewWhileSeenWithin());
    }

    @Test
    void wakesTheDispatcherOnlyWhenJobsCameBack() {
        when(lifecycle.expire()).thenReturn(0);
        keeper.expire();
        verify(wakeups, never()).signal();
        when(lifecycle.expire()).thenReturn(2);
        keeper.expire();
        verify(wakeups).signal();
    }
}
