package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Turns a claimed job into the Worker API request that runs it, and says how long to wait for it. */
@Component
class WorkerRequests {
    /** Where a script task's script is written in the sandbox, and run from. */
    static final String SCRIPT_PATH = "/workspace/.cynode/script.sh";

    private static final int PIECE = 32 * 1024;

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
        Integer timeout = spec.timeoutSeconds() == null ? sandbox.timeoutSeconds() : spec.timeoutSeconds();
        return new RunJobRequest(
                1,
                claim.taskId().toString(),
                claim.jobId().toString(),
                new RunJobRequest.Sandbox(
                        sandbox.defaultImage(), command(spec), null, timeout, sandbox.defaultNetworkPolicy()));
    }

    /**
     * The sandbox's command: one line as {@code sh -c} (Phase 1); several run in one shell, in
     * order, each by {@code eval} (so {@code cd} and variables carry over, and a comment ends only
     * its own line), stopping at the first that fails with its exit code; a script written to
     * {@link #SCRIPT_PATH} and run with {@code sh}. The lines and the script travel as arguments
     * (the script in pieces under the kernel's 128 KiB limit per argument); the gateway's size limits
     * (64 KiB of commands, a 256 KiB script) keep them far below the limit for all arguments.
     */
    static List<String> command(JobSpec spec) {
        if (JobSpec.SCRIPT.equals(spec.inputMode())) {
            List<String> argv = new ArrayList<>(List.of(
                    "sh",
                    "-c",
                    "mkdir -p /workspace/.cynode && printf %s \"$@\" > " + SCRIPT_PATH + " && exec sh " + SCRIPT_PATH,
                    "sh"));
            argv.addAll(pieces(spec.script()));
            return argv;
        }
        if (spec.commands().size() == 1) {
            return List.of("sh", "-c", spec.commands().getFirst());
        }
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "for c do eval \"$c\" || exit; done", "sh"));
        argv.addAll(spec.commands());
        return argv;
    }

    /** The text in pieces of at most {@link #PIECE} chars (a char is at most 3 bytes of UTF-8), split between code points. */
    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + PIECE);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    /** The HTTP call's timeout: the job's own timeout and a margin. */
    Duration callTimeout(RunJobRequest request) {
        Integer t = request.sandbox().timeoutSeconds();
        return (t == null ? dispatch.defaultCallTimeout() : Duration.ofSeconds(t)).plus(dispatch.callMargin());
    }
}
