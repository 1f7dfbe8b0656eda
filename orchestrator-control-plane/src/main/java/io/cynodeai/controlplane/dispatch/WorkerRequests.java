package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobSpec;
import io.cynodeai.jobs.files.FilesSettings;
import io.cynodeai.jobs.files.TaskFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/** Turns a claimed job into the Worker API request that runs it, and says how long to wait for it. */
@Component
class WorkerRequests {
    /** Where a script task's script is written in the sandbox, and run from. */
    static final String SCRIPT_PATH = "/workspace/.cynode/script.sh";

    private static final int PIECE = 32 * 1024;

    private final SandboxSettings sandbox;
    private final DispatchSettings dispatch;
    private final FilesSettings files;

    WorkerRequests(SandboxSettings sandbox, DispatchSettings dispatch, FilesSettings files) {
        this.sandbox = sandbox;
        this.dispatch = dispatch;
        this.files = files;
    }

    /** A job's Worker API request, and the attachments that go with it (tasks.md §5). */
    record Prepared(RunJobRequest request, List<TaskFile> attachments) {}

    /**
     * @param attachments the task's attachments, asked for only when its spec says it has some
     * @throws IllegalArgumentException when the job's stored spec is not one this release runs
     */
    Prepared toRunJob(Claim claim, Function<UUID, List<TaskFile>> attachments) {
        JobSpec spec = JobSpec.parse(claim.spec());
        if (spec.answeredByModel()) {
            throw new IllegalArgumentException("a prompt is answered by a model, never run in a sandbox");
        }
        Integer timeout = spec.timeoutSeconds() == null ? sandbox.timeoutSeconds() : spec.timeoutSeconds();
        List<TaskFile> in = spec.hasAttachments() ? attachments.apply(claim.taskId()) : List.of();
        List<RunJobRequest.FileRef> refs = in.stream()
                .map(f -> new RunJobRequest.FileRef(f.name(), f.sizeBytes(), f.sha256()))
                .toList();
        RunJobRequest.CollectArtifacts collect = files.artifactMaxFiles() == 0
                ? null
                : new RunJobRequest.CollectArtifacts(
                        files.artifactMaxFiles(), files.artifactMaxBytes().toBytes());
        return new Prepared(
                new RunJobRequest(
                        1,
                        claim.taskId().toString(),
                        claim.jobId().toString(),
                        new RunJobRequest.Sandbox(
                                sandbox.defaultImage(), command(spec), null, timeout, sandbox.defaultNetworkPolicy()),
                        refs.isEmpty() ? null : refs,
                        collect),
                in);
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
