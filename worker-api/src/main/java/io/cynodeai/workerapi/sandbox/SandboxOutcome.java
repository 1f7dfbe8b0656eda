package io.cynodeai.workerapi.sandbox;

import java.time.Instant;

/** How a sandbox run ended. {@code exitCode} is null when it never ran or timed out. */
record SandboxOutcome(
        Kind kind,
        Integer exitCode,
        String stdout,
        String stderr,
        boolean stdoutTruncated,
        boolean stderrTruncated,
        Instant startedAt,
        Instant endedAt) {

    /** The outcome with what the job printed so far, ended now. */
    static SandboxOutcome of(Kind kind, Integer code, BoundedOutput out, BoundedOutput err, Instant started) {
        return new SandboxOutcome(
                kind, code, out.text(), err.text(), out.truncated(), err.truncated(), started, Instant.now());
    }

    enum Kind {
        EXITED,
        TIMED_OUT,
        CANCELED,
        /** Stopped for printing more than the node reads from a job (past the output cap it is discarded anyway). */
        OUTPUT_FLOOD,
        COULD_NOT_RUN
    }
}
