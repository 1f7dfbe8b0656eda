package io.cynodeai.controlplane.dispatch;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.controlplane.nodeconfig.DispatchTargets;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.Claimed;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code just bench-multinode}'s placement figure (nodes.md §4), not a test: the decision time of
 * {@link Placement} (its own {@code cynode.dispatch.placement} timer) with N simulated nodes, each
 * with 4 slots, some full, some labelled, each decision followed by the claim it led to and, now
 * and then, a job ending, so the nodes' free slots and last use keep changing as under load. Run
 * with the module's test class path: {@code PlacementFigures 1 1000 [decisions]}; prints one JSON
 * object: per node count, the p50 and p99 in microseconds.
 */
public final class PlacementFigures {
    private PlacementFigures() {}

    public static void main(String[] args) {
        int decisions = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        Map<String, Object> out = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) { // the first pass warms the JIT up
            for (String n : List.of(args[0], args[1])) {
                out.put(n, measure(Integer.parseInt(n), decisions));
            }
        }
        StringBuilder json = new StringBuilder("{");
        out.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        System.out.println(json.append('}'));
    }

    private static String measure(int nodes, int decisions) {
        List<DispatchTarget> targets = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Instant t0 = Instant.now();
        for (int i = 0; i < nodes; i++) {
            List<String> labels = i % 10 == 0 ? List.of("gpu") : List.of();
            targets.add(new DispatchTarget(
                    UUID.randomUUID(),
                    "sim-" + i,
                    "http://127.0.0.1:1",
                    "t",
                    4,
                    null,
                    new DispatchTarget.State(labels, random.nextInt(5), t0.minusMillis(random.nextInt(60_000)), t0)));
        }
        DispatchTargets source = mock(DispatchTargets.class);
        when(source.now()).thenReturn(targets);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Placement placement = new Placement(source, mock(JobWakeups.class), Clock.systemUTC(), meters);
        Claim claim = new Claim(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "{}", 1, t0, t0);
        // what the database would say: each node's free slots, changed by claims and ends
        Map<UUID, Integer> free = new java.util.HashMap<>();
        targets.forEach(t -> free.put(t.nodeId(), t.maxConcurrency() - t.state().runningJobs()));
        List<DispatchTarget> running = new ArrayList<>();
        for (int d = 0; d < decisions; d++) {
            Placement.Round round = placement.round();
            var pick = round.next();
            if ((pick.isEmpty() || random.nextInt(4) == 0) && !running.isEmpty()) { // a job ends somewhere
                DispatchTarget ended = running.remove(random.nextInt(running.size()));
                free.merge(ended.nodeId(), 1, Integer::sum);
                placement.ended(ended);
            }
            if (pick.isPresent()) {
                DispatchTarget target = pick.get().target();
                int room = free.get(target.nodeId());
                int took = Math.min(room, pick.get().batch());
                free.put(target.nodeId(), room - took);
                round.claimed(pick.get(), new Claimed(java.util.Collections.nCopies(took, claim), room));
                for (int i = 0; i < took; i++) {
                    running.add(target);
                }
            }
        }
        var snapshot = meters.get("cynode.dispatch.placement").timer().takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (ValueAtPercentile v : snapshot.percentileValues()) {
            if (v.percentile() == 0.5) p50 = v.value(TimeUnit.MICROSECONDS);
            if (v.percentile() == 0.99) p99 = v.value(TimeUnit.MICROSECONDS);
        }
        return "{\"decisions\":%d,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}"
                .formatted(snapshot.count(), p50, p99, snapshot.max(TimeUnit.MICROSECONDS));
    }
}
