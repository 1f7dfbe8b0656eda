package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing with argon2id at no less than OWASP's minimum (19 MiB, 2 iterations,
 * parallelism 1); Spring's defaults are below it, so the parameters are set here. At most
 * {@code cynode.auth.password-checks} run at once, so a flood of sign-ins cannot take every core
 * and all the memory of the gateway: the rest wait a little, then get 503 with Retry-After.
 */
@Component
public class Passwords {
    private final Argon2PasswordEncoder encoder;
    private final String dummyHash;
    private final Semaphore permits;
    private final Duration wait;

    Passwords(AuthSettings settings) {
        this.encoder = new Argon2PasswordEncoder(16, 32, 1, settings.argon2MemoryKib(), settings.argon2Iterations());
        this.dummyHash = encoder.encode("not-a-password-of-anyone");
        this.permits = new Semaphore(settings.passwordChecks(), true);
        this.wait = settings.passwordCheckWait();
    }

    public String hash(String password) {
        return withPermit(() -> encoder.encode(password));
    }

    public boolean matches(String password, String hash) {
        return withPermit(() -> encoder.matches(password, hash));
    }

    /** Spends the same time as a real check, for a handle that does not exist. */
    void burn(String password) {
        withPermit(() -> encoder.matches(password, dummyHash));
    }

    private <T> T withPermit(Supplier<T> work) {
        try {
            if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    private static ProblemException busy() {
        return new ProblemException(
                ProblemType.NOT_READY, "too many sign-ins at once; try again shortly", Duration.ofSeconds(1));
    }
}
