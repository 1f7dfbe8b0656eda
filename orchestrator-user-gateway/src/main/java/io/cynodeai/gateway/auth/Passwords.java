package io.cynodeai.gateway.auth;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing with argon2id at no less than OWASP's minimum (19 MiB, 2 iterations,
 * parallelism 1); Spring's defaults are below it, so the parameters are set here.
 */
@Component
public class Passwords {
    private final Argon2PasswordEncoder encoder;
    private final String dummyHash;

    Passwords(AuthSettings settings) {
        this.encoder = new Argon2PasswordEncoder(16, 32, 1, settings.argon2MemoryKib(), settings.argon2Iterations());
        this.dummyHash = encoder.encode("not-a-password-of-anyone");
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the same time as a real check, for a handle that does not exist. */
    void burn(String password) {
        encoder.matches(password, dummyHash);
    }
}
