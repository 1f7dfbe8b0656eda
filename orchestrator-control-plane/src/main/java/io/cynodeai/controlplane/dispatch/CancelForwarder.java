package io.cynodeai.controlplane.dispatch;

import io.cynodeai.jobs.TaskReads;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks workers to stop the containers of running jobs whose task was canceled: once per job,
 * again on the next round while the worker has not taken it (404) or could not be reached.
 */
@Component
class CancelForwarder {
    private static final Logger log = LoggerFactory.getLogger(CancelForwarder.class);

    private final TaskReads reads;
    private final InFlight inFlight;
    private final WorkerClient worker;
    private final ExecutorService calls;
    private final Set<UUID> sent = ConcurrentHashMap.newKeySet();

    CancelForwarder(TaskReads reads, InFlight inFlight, WorkerClient worker, DispatchCalls calls) {
        this.reads = reads;
        this.inFlight = inFlight;
        this.worker = worker;
        this.calls = calls.executor();
    }

    void forward() {
        sent.retainAll(inFlight.calls().stream().map(c -> c.claim.jobId()).collect(Collectors.toSet()));
        for (UUID jobId : reads.cancelRequested(inFlight.leases())) {
            inFlight.ofJob(jobId).filter(c -> sent.add(jobId)).ifPresent(call -> {
                if (call.target == null) {
                    interrupt(call); // a prompt: stop its model request
                    return;
                }
                calls.submit(() -> {
                    try {
                        // 404: the worker has not seen the run request yet; try again next round.
                        if (worker.cancel(call.target, jobId.toString()) != 202) {
                            sent.remove(jobId);
                        }
                    } catch (Exception e) {
                        sent.remove(jobId);
                        log.warn(
                                "could not forward the cancel of job {}: {}",
                                jobId,
                                e.getClass().getSimpleName());
                    }
                });
            });
        }
    }

    private static void interrupt(InFlight.Call call) {
        Thread runner = call.runner;
        if (runner != null) {
            runner.interrupt();
        }
    }
}
