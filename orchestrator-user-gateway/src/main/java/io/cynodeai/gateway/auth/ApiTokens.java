package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.hash.Sha256;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The API tokens of users: {@code cyn_} and 256 random bits, of which only a SHA-256 hash is kept. */
@Repository
public class ApiTokens {
    public static final String PREFIX = "cyn_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record ApiToken(UUID id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}

    record Created(ApiToken token, String value) {}

    Created create(UUID userId, String name, Integer expiresInDays) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = expiresInDays == null ? null : Instant.now().plus(Duration.ofDays(expiresInDays));
        ApiToken token = jdbc.sql("""
                        insert into api_tokens (id, user_id, name, token_hash, expires_at) values (?, ?, ?, ?, ?)
                        returning id, name, created_at, expires_at, last_used_at""")
                .params(
                        UUID.randomUUID(),
                        userId,
                        name,
                        Sha256.hex(value),
                        expires == null ? null : Timestamp.from(expires))
                .query(ApiTokens::map)
                .single();
        return new Created(token, value);
    }

    List<ApiToken> list(UUID userId) {
        return jdbc.sql("""
                        select id, name, created_at, expires_at, last_used_at from api_tokens
                        where user_id = ? and revoked_at is null and (expires_at is null or expires_at > now())
                        order by created_at desc""").param(userId).query(ApiTokens::map).list();
    }

    boolean revoke(UUID userId, UUID id) {
        return jdbc.sql("update api_tokens set revoked_at = now() where id = ? and user_id = ? and revoked_at is null")
                        .params(id, userId)
                        .update()
                > 0;
    }

    /**
     * The principal a presented token stands for: a live token of an active user; its {@code
     * last_used_at} is kept to the minute (one write a minute at most, not one per request).
     */
    public Optional<UserPrincipal> authenticate(String value) {
        record Found(UUID id, UserPrincipal principal, boolean stale) {}
        Optional<Found> found = jdbc.sql("""
                        select t.id, u.id as user_id, u.handle, u.is_admin,
                               t.last_used_at is null or t.last_used_at < now() - interval '1 minute' as stale
                        from api_tokens t join users u on u.id = t.user_id
                        where t.token_hash = ? and t.revoked_at is null
                          and (t.expires_at is null or t.expires_at > now()) and u.is_active""")
                .param(Sha256.hex(value))
                .query((rs, i) -> new Found(
                        rs.getObject("id", UUID.class),
                        new UserPrincipal(
                                rs.getObject("user_id", UUID.class),
                                rs.getString("handle"),
                                rs.getBoolean("is_admin"),
                                null),
                        rs.getBoolean("stale")))
                .optional();
        found.filter(Found::stale)
                .ifPresent(f -> jdbc.sql("update api_tokens set last_used_at = now() where id = ?")
                        .param(f.id())
                        .update());
        return found.map(Found::principal);
    }

    private static ApiToken map(ResultSet rs, int row) throws SQLException {
        return new ApiToken(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("last_used_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
