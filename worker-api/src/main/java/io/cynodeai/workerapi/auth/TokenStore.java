package io.cynodeai.workerapi.auth;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.serviceweb.health.ReadinessCheck;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The bearer token the orchestrator presents, read from the node's secure store (an owner-only
 * JSON file {@code {"token": ..., "expires_at": ...}} whose path the node-manager passes in) and
 * re-read when the file changes. The token is never logged.
 */
@Component
public class TokenStore implements ReadinessCheck {
    private final WatchedFile<StoredToken> file;
    private final Clock clock;

    record StoredToken(String token, Instant expiresAt, String previousToken, Instant previousValidUntil) {
        @Override
        public String toString() {
            return "StoredToken[token=<redacted>, expires_at=" + expiresAt + "]";
        }
    }

    public enum Verdict {
        ACCEPTED,
        /** No token presented, or not the current one. */
        INVALID,
        /** The current token's expiry has passed: the node must refresh its configuration. */
        EXPIRED,
        /** No token is loaded on this node yet. */
        NONE_LOADED
    }

    TokenStore(WorkerSettings settings, Clock clock) {
        String tokenFile = settings.tokenFile();
        this.file = new WatchedFile<>(
                tokenFile == null || tokenFile.isBlank() ? null : Path.of(tokenFile),
                json -> Json.mapper().readValue(json, StoredToken.class));
        this.clock = clock;
    }

    /** Compares in constant time (digests of equal length), then checks the expiry. */
    public Verdict check(String presented) {
        Optional<StoredToken> current =
                file.current().filter(t -> t.token() != null && !t.token().isBlank());
        if (current.isEmpty()) {
            return Verdict.NONE_LOADED;
        }
        StoredToken stored = current.get();
        if (presented == null) {
            return Verdict.INVALID;
        }
        byte[] given = Sha256.of(presented);
        if (!MessageDigest.isEqual(Sha256.of(stored.token()), given)) {
            // The token just replaced, during its grace period (the orchestrator switches on the ack).
            boolean previous = stored.previousToken() != null
                    && stored.previousValidUntil() != null
                    && stored.previousValidUntil().isAfter(clock.instant())
                    && MessageDigest.isEqual(Sha256.of(stored.previousToken()), given);
            return previous ? Verdict.ACCEPTED : Verdict.INVALID;
        }
        Instant expires = current.get().expiresAt();
        return expires != null && !expires.isAfter(clock.instant()) ? Verdict.EXPIRED : Verdict.ACCEPTED;
    }

    @Override
    public Optional<String> unmet() {
        Optional<StoredToken> current =
                file.current().filter(t -> t.token() != null && !t.token().isBlank());
        if (current.isEmpty()) {
            return Optional.of("no Worker API token is loaded");
        }
        Instant expires = current.get().expiresAt();
        return expires != null && !expires.isAfter(clock.instant())
                ? Optional.of("the Worker API token has expired; the node must refresh its configuration")
                : Optional.empty();
    }
}
