package io.cynodeai.gateway.auth;

import io.cynodeai.serviceweb.HmacJwt;
import io.cynodeai.serviceweb.StateDir;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** User access JWTs: short-lived, bound to a session, with an issuer and audience of their own. */
@Component
class UserTokens {
    static final String ISSUER = "cynode-user-gateway";
    static final String AUDIENCE = "cynode-user";

    private final HmacJwt jwt;
    private final AuthSettings settings;

    UserTokens(AuthSettings settings, Clock clock) {
        this.jwt = new HmacJwt(
                StateDir.secret(settings.signingKey(), "user_jwt_signing_key", 32), ISSUER, AUDIENCE, clock);
        this.settings = settings;
    }

    String issue(UUID userId, UUID sessionId) {
        return jwt.issue(userId.toString(), settings.accessTtl(), Map.of("sid", sessionId.toString()));
    }

    int ttlSeconds() {
        return (int) settings.accessTtl().toSeconds();
    }

    /** The user id and session id of a valid token. */
    Optional<UUID[]> verify(String token) {
        return jwt.verify(token).flatMap(claims -> {
            try {
                return Optional.of(
                        new UUID[] {UUID.fromString(claims.getSubject()), UUID.fromString(claims.getStringClaim("sid"))
                        });
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }
}
