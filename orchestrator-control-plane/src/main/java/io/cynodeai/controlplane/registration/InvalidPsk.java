package io.cynodeai.controlplane.registration;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.time.Duration;

/** A registration presented a wrong pre-shared key, or came too often after wrong ones. */
final class InvalidPsk extends ProblemException {
    private InvalidPsk(ProblemType type, String detail, Duration retryAfter) {
        super(type, detail, retryAfter);
    }

    static InvalidPsk wrong() {
        return new InvalidPsk(ProblemType.INVALID_CREDENTIALS, "the registration key is not valid", null);
    }

    static InvalidPsk limited(Duration retryAfter) {
        return new InvalidPsk(ProblemType.RATE_LIMITED, "too many failed registrations from this address", retryAfter);
    }
}
