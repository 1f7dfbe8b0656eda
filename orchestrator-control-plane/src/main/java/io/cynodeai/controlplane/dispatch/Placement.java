package io.cynodeai.controlplane.dispatch;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.controlplane.nodeconfig.NodeConfigs;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which node the next claim is for: the least loaded dispatchable node with room, relative to its
 * {@code max_concurrency}. The nodes are re-read on a schedule ({@link #refresh()}), so a wake-up
 * goes straight to the claim.
 */
@Component
class Placement {
    static final int MAX_BATCH = 16;

    private final NodeConfigs nodeConfigs;
    private final InFlight inFlight;
    private final JobWakeups wakeups;
    private volatile List<DispatchTarget> targets;

    Placement(NodeConfigs nodeConfigs, InFlight inFlight, JobWakeups wakeups) {
        this.nodeConfigs = nodeConfigs;
        this.inFlight = inFlight;
        this.wakeups = wakeups;
    }

    /**
     * A node and how many jobs to claim for it: with one node left with room, its free slots (up
     * to {@value #MAX_BATCH}) in one statement; with several, one job at a time, so the load spreads.
     */
    record Pick(DispatchTarget target, int batch) {}

    Optional<Pick> next() {
        List<DispatchTarget> withRoom = targets().stream()
                .filter(t -> inFlight.load(t.nodeId()) < t.maxConcurrency())
                .toList();
        return withRoom.stream()
                .min(Comparator.comparingDouble(t -> (double) inFlight.load(t.nodeId()) / t.maxConcurrency()))
                .map(t -> {
                    int room = t.maxConcurrency() - inFlight.load(t.nodeId());
                    return new Pick(t, withRoom.size() == 1 ? Math.min(room, MAX_BATCH) : 1);
                });
    }

    /** Re-reads the dispatchable nodes; a node that appeared wakes the dispatcher. */
    List<DispatchTarget> refresh() {
        List<DispatchTarget> before = targets;
        List<DispatchTarget> fresh = nodeConfigs.dispatchTargets();
        targets = fresh;
        if ((before == null || fresh.size() > before.size()) && !fresh.isEmpty()) {
            wakeups.signal();
        }
        return fresh;
    }

    private List<DispatchTarget> targets() {
        List<DispatchTarget> t = targets;
        return t == null ? refresh() : t;
    }
}
