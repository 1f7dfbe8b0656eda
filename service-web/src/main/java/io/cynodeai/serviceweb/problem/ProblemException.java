package io.cynodeai.serviceweb.problem;

import io.cynodeai.contracts.problem.ProblemType;
import java.time.Duration;

/**
 * A failure with a stable problem type and a detail that is safe to show. Services extend it
 * with domain-named exceptions; the shared advice turns it into RFC 9457 problem details.
 */
public class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final Duration retryAfter;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public ProblemException(ProblemType type, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public ProblemType type() {
        return type;
    }

    /** For 429 and 503: when to try again, sent as {@code Retry-After}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
