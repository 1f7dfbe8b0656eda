package io.cynodeai.workerapi.jobs;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.cynodeai.workerapi.policy.NodePolicy;
import io.cynodeai.workerapi.sandbox.CancelHandle;
import io.cynodeai.workerapi.sandbox.LiveOutput;
import io.cynodeai.workerapi.sandbox.Sandboxes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Runs jobs at most {@code max_concurrency} at once, and each job id at most once: a repeated
 * request for a running job waits for its result, one for a finished job gets the stored result
 * (kept for the retention period).
 */
@Service
class Jobs implements SmartLifecycle {
    private final Sandboxes sandboxes;
    private final Semaphore slots;
    private final Duration retention;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> byJobId = new ConcurrentHashMap<>();

    record Entry(CompletableFuture<RunJobResult> result, CancelHandle cancel, Instant[] finishedAt) {}

    Jobs(Sandboxes sandboxes, NodePolicy policy, Clock clock) {
        this.sandboxes = sandboxes;
        this.slots = new Semaphore(policy.local().maxConcurrency());
        this.retention = policy.local().resultRetention();
        this.clock = clock;
    }

    private volatile boolean running;

    /** Takes over jobs an earlier worker process left running, before any request is served. */
    @Override
    public void start() {
        sandboxes.adoptLeftovers().forEach((jobId, result) -> {
            Entry entry = new Entry(result, new CancelHandle(), new Instant[1]);
            byJobId.put(jobId, entry);
            result.whenComplete((r, e) -> entry.finishedAt()[0] = clock.instant());
        });
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After {@link Sandboxes} (phase 0), before the web server. */
    @Override
    public int getPhase() {
        return 1;
    }

    /** A job let in to run here (its slot held until it ends), or a run of the same job id to wait for. */
    record Ticket(RunJobRequest request, Entry entry, boolean mine) {}

    RunJobResult run(RunJobRequest request) throws InterruptedException {
        return run(admit(request), LiveOutput.NONE);
    }

    /**
     * Lets a job in, or refuses it (problem details) before anything is answered: the image, the
     * engine, a free slot. A job id already running or kept here is waited for instead.
     */
    Ticket admit(RunJobRequest request) {
        Entry existing = byJobId.get(request.jobId());
        if (existing != null) {
            return new Ticket(request, existing, false);
        }
        if (!sandboxes.imageAllowed(request.sandbox().image())) {
            throw new ProblemException(
                    ProblemType.IMAGE_NOT_ALLOWED,
                    "image '" + request.sandbox().image() + "' is not allowed on this node");
        }
        sandboxes.runtimeUnavailable().ifPresent(reason -> {
            throw new ProblemException(ProblemType.RUNTIME_UNAVAILABLE, reason, Duration.ofSeconds(5));
        });
        if (!slots.tryAcquire()) {
            throw new ProblemException(
                    ProblemType.TOO_MANY_JOBS, "this node runs as many jobs as it allows", Duration.ofSeconds(1));
        }
        Entry mine = new Entry(new CompletableFuture<>(), new CancelHandle(), new Instant[1]);
        Entry winner = byJobId.putIfAbsent(request.jobId(), mine);
        if (winner != null) {
            slots.release();
            return new Ticket(request, winner, false);
        }
        return new Ticket(request, mine, true);
    }

    /**
     * Runs an admitted job to its end, its output to {@code live} as it is read (a run of the same
     * job id already under way is waited for, and its output not repeated).
     */
    RunJobResult run(Ticket ticket, LiveOutput live) throws InterruptedException {
        if (!ticket.mine()) {
            return await(ticket.entry());
        }
        Entry mine = ticket.entry();
        RunJobRequest request = ticket.request();
        try {
            RunJobResult result = sandboxes.run(request, mine.cancel(), live);
            mine.result().complete(result);
            return result;
        } catch (RuntimeException e) {
            // Nothing was stored: the same job id may be tried again.
            byJobId.remove(request.jobId(), mine);
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            mine.finishedAt()[0] = clock.instant();
            slots.release();
        }
    }

    /** An admitted job that will not run after all (its request was bad): forgotten, its slot freed. */
    void abandon(Ticket ticket) {
        if (!ticket.mine()) {
            return;
        }
        byJobId.remove(ticket.request().jobId(), ticket.entry());
        ticket.entry().result().completeExceptionally(new IllegalStateException("the job's request was refused"));
        slots.release();
    }

    /** Kills the job's container; false when no such job runs here. */
    boolean cancel(String jobId) {
        Entry e = byJobId.get(jobId);
        if (e == null || e.result().isDone()) {
            return false;
        }
        e.cancel().cancel();
        return true;
    }

    /** Forgets results past their retention ({@code cynode.sandbox.result-retention}), every {@code result-sweep-every}. */
    void forgetOldResults() {
        Instant cutoff = clock.instant().minus(retention);
        byJobId.entrySet()
                .removeIf(e -> e.getValue().finishedAt()[0] != null
                        && e.getValue().finishedAt()[0].isBefore(cutoff));
    }

    private static RunJobResult await(Entry entry) throws InterruptedException {
        try {
            return entry.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
