package io.cynodeai.controlplane.dispatch;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.controlplane.nodeconfig.DispatchTargets;
import io.cynodeai.jobs.Claimed;
import io.cynodeai.jobs.JobLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Which node the next claim is for (nodes.md §2): of the dispatchable nodes, the one with the
 * most free slots, then the one used least recently. The nodes and what they hold (every control
 * plane's jobs) are re-read on a schedule ({@link #refresh()}) and kept current in between with
 * this process's own claims and ends, so a wake-up goes straight to the claim; the claim itself
 * checks the node's free slots and labels in the database ({@link JobLifecycle#claimOn}), so a
 * stale view costs a claim that takes nothing, never an overfull node.
 */
@Component
class Placement {
    static final int MAX_BATCH = 16;

    private final DispatchTargets targets;
    private final JobWakeups wakeups;
    private final Clock clock;
    private final Timer decisions;
    private Map<UUID, Slot> slots;

    Placement(DispatchTargets targets, JobWakeups wakeups, Clock clock, MeterRegistry meters) {
        this.targets = targets;
        this.wakeups = wakeups;
        this.clock = clock;
        this.decisions = Timer.builder("cynode.dispatch.placement")
                .description("time to choose the node of one claim")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** A node as placement sees it between refreshes. */
    private static final class Slot {
        final DispatchTarget target;
        int free;
        Instant lastUsed;
        /** When a call to it failed for want of an answer; it gets nothing until heard from after. */
        Instant suspectSince;

        Slot(DispatchTarget target) {
            this.target = target;
            this.free = Math.max(0, target.maxConcurrency() - target.state().runningJobs());
            this.lastUsed = target.state().lastClaimedAt();
        }
    }

    /**
     * A node and how many jobs to claim for it: with one node left with room, its free slots (up
     * to {@value #MAX_BATCH}) in one statement; with several, one job at a time, so the load spreads.
     */
    record Pick(DispatchTarget target, int batch) {}

    /**
     * One dispatch round: the nodes a claim came back short for are not asked again in it, nor is
     * any node whose labels are among those of a node that had room but found no job it could run
     * (it would find none either), unless some job is held for a node of its own (a lease that ran
     * out while its node was live: it goes back there).
     */
    final class Round {
        private final Set<UUID> tried = new HashSet<>();
        private final List<Set<String>> foundNothing = new ArrayList<>();

        Optional<Pick> next() {
            long start = System.nanoTime();
            try {
                return choose(this);
            } finally {
                decisions.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        }

        /** What the claim of {@code pick} took, and the node's free slots before it. */
        void claimed(Pick pick, Claimed claimed) {
            int took = claimed.claims().size();
            update(pick.target(), claimed.room() - took, took > 0);
            if (took < pick.batch()) {
                tried.add(pick.target().nodeId());
                if (claimed.room() > took && !claimed.heldElsewhere()) {
                    foundNothing.add(Set.copyOf(pick.target().state().labels()));
                }
            }
        }

        private boolean skips(DispatchTarget t) {
            return tried.contains(t.nodeId())
                    || foundNothing.stream()
                            .anyMatch(s -> s.containsAll(t.state().labels()));
        }
    }

    Round round() {
        return new Round();
    }

    private synchronized Optional<Pick> choose(Round round) {
        Slot best = null;
        int withRoom = 0;
        for (Slot s : slots().values()) {
            if (s.free <= 0 || s.suspectSince != null || round.skips(s.target)) {
                continue;
            }
            withRoom++;
            if (best == null || s.free > best.free || (s.free == best.free && s.lastUsed.isBefore(best.lastUsed))) {
                best = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new Pick(best.target, withRoom == 1 ? Math.min(best.free, MAX_BATCH) : 1));
    }

    private synchronized void update(DispatchTarget t, int free, boolean used) {
        Slot s = slots().get(t.nodeId());
        if (s != null) {
            s.free = Math.max(0, free);
            if (used) {
                s.lastUsed = clock.instant();
            }
        }
    }

    /** A job of this process on {@code t} ended: its slot is free again. */
    synchronized void ended(DispatchTarget t) {
        Slot s = slots().get(t.nodeId());
        if (s != null && s.free < t.maxConcurrency()) {
            s.free++;
        }
    }

    /** A call to {@code t} got no answer: nothing more for it until it is heard from again. */
    synchronized void noAnswer(DispatchTarget t) {
        Slot s = slots().get(t.nodeId());
        if (s != null && s.suspectSince == null) {
            s.suspectSince = clock.instant();
        }
    }

    /** Re-reads the dispatchable nodes; a node that appeared (or came back) wakes the dispatcher. */
    void refresh() {
        List<DispatchTarget> fresh = targets.now();
        boolean appeared;
        synchronized (this) {
            Map<UUID, Slot> before = slots;
            Map<UUID, Slot> next = new HashMap<>();
            appeared = false;
            for (DispatchTarget t : fresh) {
                Slot s = new Slot(t);
                Slot old = before == null ? null : before.get(t.nodeId());
                if (old != null
                        && old.suspectSince != null
                        && !t.state().lastSeenAt().isAfter(old.suspectSince)) {
                    s.suspectSince = old.suspectSince;
                }
                appeared |= s.suspectSince == null && (old == null || old.suspectSince != null);
                next.put(t.nodeId(), s);
            }
            slots = next;
        }
        if (appeared && !fresh.isEmpty()) {
            wakeups.signal();
        }
    }

    private Map<UUID, Slot> slots() {
        if (slots == null) {
            slots = new HashMap<>();
            for (DispatchTarget t : targets.now()) {
                slots.put(t.nodeId(), new Slot(t));
            }
        }
        return slots;
    }
}
