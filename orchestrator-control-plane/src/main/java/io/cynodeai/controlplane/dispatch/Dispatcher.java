package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.controlplane.nodeconfig.NodeConfigs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Claims queued jobs and runs each on a dispatchable node, least loaded first, never more than a
 * node's {@code max_concurrency} at once from this process. No transaction is held across a call
 * to a worker: the claim commits first, and the result is written under the claim's lease, which
 * is renewed while the call lasts. A job whose holder died is queued again when its lease expires;
 * the worker answers a repeated {@code job_id} with the same result, so it does not run twice.
 */
@Component
class Dispatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int SUMMARY_MAX = 240;
    private static final int MAX_BATCH = 16;

    private final JobQueue queue;
    private final NodeConfigs nodeConfigs;
    private final WorkerClient worker;
    private final JobWakeups wakeups;
    private final DispatchSettings settings;
    private final Timer pickup;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<UUID, AtomicInteger> inFlightPerNode = new ConcurrentHashMap<>();
    private final Map<UUID, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Set<UUID> cancelSent = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread loop;
    private volatile List<DispatchTarget> cachedTargets;
    private final ReentrantLock round = new ReentrantLock();

    private record InFlight(Claim claim, DispatchTarget target) {}

    Dispatcher(
            JobQueue queue,
            NodeConfigs nodeConfigs,
            WorkerClient worker,
            JobWakeups wakeups,
            DispatchSettings settings,
            MeterRegistry meters) {
        this.queue = queue;
        this.nodeConfigs = nodeConfigs;
        this.worker = worker;
        this.wakeups = wakeups;
        this.settings = settings;
        this.pickup = Timer.builder("cynode.dispatch.pickup")
                .description("time from the commit that queued a job to its claim")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        wakeups.onNotification(this::dispatchNow);
        loop = Thread.ofPlatform().name("dispatcher").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        calls.shutdownNow();
        try {
            calls.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                dispatchAvailable();
                wakeups.await(settings.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("dispatch round failed, retrying: {}", e.getMessage());
                sleepQuietly(settings.poll());
            }
        }
    }

    /** Claims jobs while some dispatchable node has room (one round at a time). */
    void dispatchAvailable() {
        round.lock();
        try {
            claimWhileRoom();
        } finally {
            round.unlock();
        }
    }

    /**
     * On the notification thread: claims at once, saving the hand-over to the dispatcher thread,
     * unless a round is running already; then that round is told to go once more.
     */
    private void dispatchNow() {
        if (!round.tryLock()) {
            wakeups.signal();
            return;
        }
        try {
            claimWhileRoom();
        } catch (RuntimeException e) {
            wakeups.signal();
        } finally {
            round.unlock();
        }
    }

    /**
     * Claims for the least loaded node with room until no node has room or nothing is ready. With
     * one node left with room, its free slots are claimed in one statement (up to
     * {@value #MAX_BATCH}); with several, one job at a time, so the load spreads.
     */
    private void claimWhileRoom() {
        List<DispatchTarget> targets = targets();
        while (running && !targets.isEmpty()) {
            List<DispatchTarget> withRoom =
                    targets.stream().filter(t -> load(t) < t.maxConcurrency()).toList();
            Optional<DispatchTarget> target =
                    withRoom.stream().min(Comparator.comparingDouble(t -> (double) load(t) / t.maxConcurrency()));
            if (target.isEmpty()) {
                return;
            }
            int room = target.get().maxConcurrency() - load(target.get());
            int batch = withRoom.size() == 1 ? Math.min(room, MAX_BATCH) : 1;
            List<Claim> claims = queue.claim(target.get().nodeId(), settings.lease(), batch);
            claims.forEach(c -> start(target.get(), c));
            if (claims.size() < batch) {
                return;
            }
        }
    }

    /** The dispatchable nodes, as last read by {@link #refreshTargets()} (off the pick-up path). */
    private List<DispatchTarget> targets() {
        List<DispatchTarget> t = cachedTargets;
        return t == null ? refreshTargets() : t;
    }

    /** Re-reads the dispatchable nodes every 500 ms, so a wake-up goes straight to the claim. */
    @Scheduled(fixedDelayString = "${cynode.dispatch.targets-every:500ms}")
    List<DispatchTarget> refreshTargets() {
        List<DispatchTarget> fresh = nodeConfigs.dispatchTargets();
        boolean grew = cachedTargets == null || fresh.size() > cachedTargets.size();
        cachedTargets = fresh;
        if (grew && !fresh.isEmpty()) {
            wakeups.signal();
        }
        return fresh;
    }

    private int load(DispatchTarget t) {
        AtomicInteger n = inFlightPerNode.get(t.nodeId());
        return n == null ? 0 : n.get();
    }

    private void start(DispatchTarget target, Claim claim) {
        pickup.record(Duration.between(claim.queuedAt(), claim.claimedAt()));
        AtomicInteger load = inFlightPerNode.computeIfAbsent(target.nodeId(), k -> new AtomicInteger());
        load.incrementAndGet();
        inFlight.put(claim.leaseId(), new InFlight(claim, target));
        Runnable freeSlot = new Runnable() {
            private boolean freed;

            @Override
            public void run() {
                if (!freed) {
                    freed = true;
                    load.decrementAndGet();
                    wakeups.signal();
                }
            }
        };
        calls.submit(() -> {
            try {
                call(target, claim, freeSlot);
            } finally {
                inFlight.remove(claim.leaseId());
                cancelSent.remove(claim.jobId());
                freeSlot.run();
            }
        });
    }

    /** Calls the worker; its slot on the node is free as soon as the worker has answered. */
    private void call(DispatchTarget target, Claim claim, Runnable freeSlot) {
        Duration timeout = callTimeout(claim);
        try {
            WorkerClient.Response response = worker.runJob(target, claim.payload(), timeout);
            freeSlot.run();
            switch (response.status()) {
                case 200 -> store(claim, response.body());
                case 400, 403, 413 -> fail(claim, "node " + target.slug() + " refused the job: " + detail(response));
                default ->
                    retry(claim, "node " + target.slug() + " answered " + response.status() + ": " + detail(response));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            retry(
                    claim,
                    "node " + target.slug() + " could not be reached: "
                            + e.getClass().getSimpleName());
        }
    }

    private void store(Claim claim, String body) {
        RunJobResult result;
        try {
            result = Json.read(body, RunJobResult.class);
        } catch (RuntimeException e) {
            fail(claim, "the node's answer was not a valid run-job result");
            return;
        }
        String status = RunJobResult.COMPLETED.equals(result.status()) ? "completed" : "failed";
        if (!queue.finish(claim, status, body, summary(result))) {
            log.info("job {} lost its lease before its result was stored; the next holder stores it", claim.jobId());
        }
    }

    private void retry(Claim claim, String reason) {
        if (claim.attempts() >= settings.maxAttempts()) {
            fail(claim, reason + " (gave up after " + claim.attempts() + " attempts)");
            return;
        }
        log.warn("job {} attempt {} failed, retrying: {}", claim.jobId(), claim.attempts(), reason);
        Duration delay = settings.backoff(claim.attempts());
        queue.retryLater(claim, reason, delay);
        wakeups.signalAfter(delay);
        queue.settleCanceledTasks();
    }

    private void fail(Claim claim, String reason) {
        log.warn("job {} failed: {}", claim.jobId(), reason);
        String summary = reason.length() > SUMMARY_MAX ? reason.substring(0, SUMMARY_MAX) : reason;
        queue.finish(claim, "failed", null, summary);
    }

    /** Keeps the leases of calls in progress alive. */
    @Scheduled(fixedDelayString = "${cynode.dispatch.renew-every:5s}")
    void renewLeases() {
        queue.renew(inFlight.keySet(), settings.lease());
    }

    /** Requeues jobs whose holder died (lease expired). */
    @Scheduled(fixedDelayString = "${cynode.dispatch.sweep-every:1s}")
    void sweepExpiredLeases() {
        int n = queue.expireLeases();
        if (n > 0) {
            queue.settleCanceledTasks();
            log.info("{} job(s) whose lease expired are queued again", n);
            wakeups.signal();
        }
    }

    /** Asks workers to stop the containers of running jobs whose task was canceled. */
    @Scheduled(fixedDelayString = "${cynode.dispatch.cancel-every:500ms}")
    void forwardCancels() {
        Map<UUID, InFlight> byJob = new java.util.HashMap<>();
        inFlight.values().forEach(f -> byJob.put(f.claim().jobId(), f));
        for (UUID jobId : queue.cancelRequested(inFlight.keySet())) {
            InFlight f = byJob.get(jobId);
            if (f != null && cancelSent.add(jobId)) {
                calls.submit(() -> {
                    try {
                        // 404: the worker has not seen the run request yet; try again next round.
                        if (worker.cancel(f.target(), jobId.toString()) != 202) {
                            cancelSent.remove(jobId);
                        }
                    } catch (Exception e) {
                        cancelSent.remove(jobId);
                        log.warn(
                                "could not forward the cancel of job {}: {}",
                                jobId,
                                e.getClass().getSimpleName());
                    }
                });
            }
        }
    }

    private Duration callTimeout(Claim claim) {
        try {
            RunJobRequest request = Json.mapper().readValue(claim.payload(), RunJobRequest.class);
            Integer t = request.sandbox() == null ? null : request.sandbox().timeoutSeconds();
            return (t == null ? settings.defaultCallTimeout() : Duration.ofSeconds(t)).plus(settings.callMargin());
        } catch (RuntimeException e) {
            return settings.defaultCallTimeout();
        }
    }

    private static String summary(RunJobResult r) {
        String out = r.stdout() == null ? "" : r.stdout().strip();
        String s = r.status()
                + (r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")")
                + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse(""));
        return s.length() > SUMMARY_MAX ? s.substring(0, SUMMARY_MAX) : s;
    }

    private static String detail(WorkerClient.Response response) {
        try {
            JsonNode node = Json.mapper().readTree(response.body());
            JsonNode detail = node.get("detail");
            return detail == null ? "no detail" : detail.asString();
        } catch (RuntimeException e) {
            return "no detail";
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
