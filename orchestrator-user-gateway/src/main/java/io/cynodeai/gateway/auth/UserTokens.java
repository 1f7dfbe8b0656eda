package io.cynodeai.gateway.auth;

import io.cynodeai.localstate.StateDir;
import io.cynodeai.serviceweb.security.JwtKind;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/** User access JWTs: short-lived, bound to a session, with an issuer and audience of their own. */
@Component
class UserTokens {
    static final String ISSUER = "cynode-user-gateway";
    static final String AUDIENCE = "cynode-user";

    private final JwtKind jwt;
    private final AuthSettings settings;

    UserTokens(AuthSettings settings, Clock clock) {
        this.jwt = new JwtKind(
                StateDir.secret(settings.signingKey(), "user_jwt_signing_key", 32), ISSUER, AUDIENCE, clock);
        this.settings = settings;
    }

    String issue(UUID userId, UUID sessionId) {
        return jwt.issue(userId.toString(), settings.accessTtl(), Map.of("sid", sessionId.toString()));
    }

    int ttlSeconds() {
        return (int) settings.accessTtl().toSeconds();
    }

    JwtDecoder decoder() {
        return jwt.decoder();
    }

    /** Whose session a verified token names. */
    record Holder(UUID userId, UUID sessionId) {}

    static Optional<Holder> holder(Jwt verified) {
        try {
            return Optional.of(new Holder(
                    UUID.fromString(verified.getSubject()), UUID.fromString(verified.getClaimAsString("sid"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
