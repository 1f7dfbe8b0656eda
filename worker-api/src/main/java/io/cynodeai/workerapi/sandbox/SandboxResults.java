package io.cynodeai.workerapi.sandbox;

import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.workerapi.policy.NodePolicy;
import java.time.Instant;
import java.util.List;

/** A sandbox's outcome in the wire's words: status, exit code, output with the node's notes, artifacts. */
final class SandboxResults {
    private final NodePolicy policy;

    SandboxResults(NodePolicy policy) {
        this.policy = policy;
    }

    /** @param collected the artifacts, when the request asked for them (else null) */
    RunJobResult of(
            String taskId,
            String jobId,
            SandboxOutcome o,
            String canceledBecause,
            boolean workspaceFull,
            WorkspaceFiles.Collected collected) {
        String status = switch (o.kind()) {
            case EXITED -> o.exitCode() != null && o.exitCode() == 0 ? RunJobResult.COMPLETED : RunJobResult.FAILED;
            case TIMED_OUT -> RunJobResult.TIMEOUT;
            case CANCELED, OUTPUT_FLOOD, COULD_NOT_RUN -> RunJobResult.FAILED;
        };
        String stderr = switch (o.kind()) {
            case CANCELED -> o.stderr() + "[cynode] " + canceledBecause + "\n";
            case OUTPUT_FLOOD ->
                o.stderr() + "[cynode] the job printed more than the node reads from a job; it was stopped\n";
            default -> o.stderr();
        };
        if (workspaceFull) {
            stderr += "[cynode] the task's /workspace is full (its limit is "
                    + (policy.local().maxWorkspace().toMegabytes()) + " MB)\n";
        }
        if (collected != null && !collected.omitted().isEmpty()) {
            stderr += "[cynode] left out of the artifacts: "
                    + String.join(
                            "; ",
                            collected.omitted().stream()
                                    .limit(8)
                                    .map(x -> x.name() + " (" + x.reason() + ")")
                                    .toList())
                    + (collected.omitted().size() > 8
                            ? "; and " + (collected.omitted().size() - 8) + " more"
                            : "")
                    + "\n";
        }
        Integer exitCode = o.kind() == SandboxOutcome.Kind.TIMED_OUT ? null : o.exitCode() == null ? -1 : o.exitCode();
        return new RunJobResult(
                1,
                taskId,
                jobId,
                status,
                exitCode,
                o.stdout(),
                stderr,
                o.startedAt(),
                o.endedAt(),
                new RunJobResult.Truncated(o.stdoutTruncated(), o.stderrTruncated()),
                collected == null ? null : collected.artifacts(),
                collected == null ? null : collected.omitted());
    }

    /** The job did not start: its attachments could not be put in its workspace. */
    RunJobResult couldNotPlace(RunJobRequest request, Instant started, String why) {
        return new RunJobResult(
                1,
                request.taskId(),
                request.jobId(),
                RunJobResult.FAILED,
                -1,
                "",
                "[cynode] the job's attachments could not be placed: " + why + "\n",
                started,
                Instant.now(),
                new RunJobResult.Truncated(false, false),
                request.artifacts() == null ? null : List.of(),
                request.artifacts() == null ? null : List.of());
    }
}
