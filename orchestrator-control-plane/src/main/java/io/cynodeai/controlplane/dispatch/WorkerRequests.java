package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobSpec;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/** Turns a claimed job into the Worker API request that runs it, and says how long to wait for it. */
@Component
class WorkerRequests {
    private final SandboxSettings sandbox;
    private final DispatchSettings dispatch;

    WorkerRequests(SandboxSettings sandbox, DispatchSettings dispatch) {
        this.sandbox = sandbox;
        this.dispatch = dispatch;
    }

    /**
     * @throws IllegalArgumentException when the job's stored spec is not one this release runs
     */
    RunJobRequest toRunJob(Claim claim) {
        JobSpec spec = JobSpec.parse(claim.spec());
        if (spec.answeredByModel()) {
            throw new IllegalArgumentException("a prompt is answered by a model, never run in a sandbox");
        }
        // Phase 1 form: the command lines as one shell command line each, stopping at the first failure.
        String script = String.join(" && ", spec.commands());
        return new RunJobRequest(
                1,
                claim.taskId().toString(),
                claim.jobId().toString(),
                new RunJobRequest.Sandbox(
                        sandbox.defaultImage(),
                        List.of("sh", "-c", script),
                        null,
                        sandbox.timeoutSeconds(),
                        sandbox.defaultNetworkPolicy()));
    }

    /** The HTTP call's timeout: the job's own timeout and a margin. */
    Duration callTimeout(RunJobRequest request) {
        Integer t = request.sandbox().timeoutSeconds();
        return (t == null ? dispatch.defaultCallTimeout() : Duration.ofSeconds(t)).plus(dispatch.callMargin());
    }
}
