package io.cynodeai.serviceweb.health;

import java.util.Optional;

/** One precondition of a service's readiness; {@code /readyz} answers 503 with every unmet reason. */
@FunctionalInterface
public interface ReadinessCheck {
    /** Empty when the precondition holds, else a reason that is safe to show. */
    Optional<String> unmet();
}
