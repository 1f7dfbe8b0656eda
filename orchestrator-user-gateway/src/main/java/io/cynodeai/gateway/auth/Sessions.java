package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.hash.Sha256;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login sessions. A refresh token (256 random bits) is stored only as its SHA-256 and rotated
 * on every refresh; presenting the one it replaced revokes the whole session (reuse detection,
 * RFC 9700). Access tokens carry the session id, so revoking a session ends them at once.
 */
@Component
public class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    Sessions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Opened(UUID sessionId, String refreshToken) {
        @Override
        public String toString() {
            return "Opened[" + sessionId + ", refresh_token=<redacted>]";
        }
    }

    sealed interface Rotation {
        record Rotated(UUID sessionId, UUID userId, String refreshToken) implements Rotation {
            @Override
            public String toString() {
                return "Rotated[" + sessionId + ", refresh_token=<redacted>]";
            }
        }

        record Reused(UUID sessionId, UUID userId) implements Rotation {}

        record Invalid() implements Rotation {}
    }

    Opened open(UUID userId, java.time.Duration ttl) {
        UUID id = UUID.randomUUID();
        String token = newToken();
        jdbc.sql("insert into refresh_sessions (id, user_id, token_hash, expires_at) values (?, ?, ?, ?)")
                .params(id, userId, hash(token), Timestamp.from(clock.instant().plus(ttl)))
                .update();
        return new Opened(id, token);
    }

    /** Rotates a refresh token; a rotated-away token revokes its session. */
    @Transactional
    Rotation rotate(String refreshToken) {
        String h = hash(refreshToken);
        Optional<Object[]> current = jdbc.sql("""
                        select s.id, s.user_id from refresh_sessions s join users u on u.id = s.user_id
                        where s.token_hash = ? and s.revoked_at is null and s.expires_at > now() and u.is_active
                        for update of s""")
                .param(h)
                .query((rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .optional();
        if (current.isPresent()) {
            UUID id = (UUID) current.get()[0];
            String next = newToken();
            jdbc.sql("update refresh_sessions set previous_token_hash = token_hash, token_hash = ?, rotated_at = now()"
                            + " where id = ?")
                    .params(hash(next), id)
                    .update();
            return new Rotation.Rotated(id, (UUID) current.get()[1], next);
        }
        Optional<Object[]> reused = jdbc.sql("""
                        select id, user_id from refresh_sessions
                        where previous_token_hash = ? and revoked_at is null for update""")
                .param(h)
                .query((rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})
                .optional();
        if (reused.isPresent()) {
            UUID id = (UUID) reused.get()[0];
            revoke(id, "refresh token reuse");
            return new Rotation.Reused(id, (UUID) reused.get()[1]);
        }
        return new Rotation.Invalid();
    }

    void revoke(UUID sessionId, String reason) {
        jdbc.sql(
                        "update refresh_sessions set revoked_at = now(), revoke_reason = ? where id = ? and revoked_at is null")
                .params(reason, sessionId)
                .update();
    }

    /** Revokes the session a refresh token belongs to, when it is the given user's. */
    void revokeByToken(UUID userId, String refreshToken, String reason) {
        String h = hash(refreshToken);
        jdbc.sql("update refresh_sessions set revoked_at = now(), revoke_reason = ?"
                        + " where user_id = ? and (token_hash = ? or previous_token_hash = ?) and revoked_at is null")
                .params(reason, userId, h, h)
                .update();
    }

    /** Ends every session of a user (admin action, disable, password reset). */
    public int revokeAll(UUID userId, String reason) {
        return jdbc.sql("update refresh_sessions set revoked_at = now(), revoke_reason = ?"
                        + " where user_id = ? and revoked_at is null")
                .params(reason, userId)
                .update();
    }

    /** The principal of a live session of an active user, else empty. */
    Optional<UserPrincipal> live(UUID sessionId, UUID userId) {
        return jdbc.sql("""
                        select u.id, u.handle, u.is_admin from refresh_sessions s join users u on u.id = s.user_id
                        where s.id = ? and s.user_id = ? and s.revoked_at is null and s.expires_at > now() and u.is_active""")
                .params(sessionId, userId)
                .query((rs, i) ->
                        new UserPrincipal(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3), sessionId))
                .optional();
    }

    private static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }
}
