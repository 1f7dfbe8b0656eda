package io.cynodeai.controlplane.dispatch;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.jobs.Claim;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The calls to workers this process has under way: which claim on which node, and how many per
 * node (a node's load, which never exceeds its {@code max_concurrency} from this process).
 */
@Component
class InFlight {
    private final Map<UUID, AtomicInteger> perNode = new ConcurrentHashMap<>();
    private final Map<UUID, Call> byLease = new ConcurrentHashMap<>();
    /** The load key of prompt jobs, which run on no node. */
    static final UUID PROMPTS = new UUID(0, 0);

    /** One call under way; {@link #freeSlot()} gives its node's slot back (once). */
    final class Call {
        final Claim claim;
        /** The node, or null for a prompt job (answered through an inference path). */
        final DispatchTarget target;
        /** The thread making the call, so a canceled prompt's model request can be interrupted. */
        volatile Thread runner;

        private final AtomicInteger load;
        private boolean freed;

        private Call(Claim claim, DispatchTarget target, AtomicInteger load) {
            this.claim = claim;
            this.target = target;
            this.load = load;
        }

        /** The node has answered: its slot is free for the next job, before the result is stored. */
        synchronized boolean freeSlot() {
            if (freed) {
                return false;
            }
            freed = true;
            load.decrementAndGet();
            return true;
        }

        /**
         * The call is over: it no longer holds a lease, and its slot is free.
         *
         * @return whether this freed the slot (it was not freed when the node answered)
         */
        boolean end() {
            byLease.remove(claim.leaseId());
            return freeSlot();
        }
    }

    Call begin(DispatchTarget target, Claim claim) {
        AtomicInteger load =
                perNode.computeIfAbsent(target == null ? PROMPTS : target.nodeId(), k -> new AtomicInteger());
        load.incrementAndGet();
        Call call = new Call(claim, target, load);
        byLease.put(claim.leaseId(), call);
        return call;
    }

    int load(UUID nodeId) {
        AtomicInteger n = perNode.get(nodeId);
        return n == null ? 0 : n.get();
    }

    Set<UUID> leases() {
        return byLease.keySet();
    }

    Collection<Call> calls() {
        return byLease.values();
    }

    Optional<Call> ofJob(UUID jobId) {
        return byLease.values().stream()
                .filter(c -> c.claim.jobId().equals(jobId))
                .findFirst();
    }
}
