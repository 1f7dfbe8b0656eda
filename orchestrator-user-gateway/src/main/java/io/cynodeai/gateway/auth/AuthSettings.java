package io.cynodeai.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param signingKey user access token key; empty = generated into the state dir
 * @param accessTtl access token lifetime
 * @param refreshTtl login session (refresh token) lifetime
 * @param maxFailuresPerHandle failed logins per handle in {@code failureWindow} before 429
 * @param maxFailuresPerAddress failed logins per client address in {@code failureWindow} before 429
 * @param argon2MemoryKib argon2id memory (OWASP minimum 19 MiB)
 * @param argon2Iterations argon2id iterations (OWASP minimum 2)
 * @param bootstrapAdminPassword the first password of {@code admin}; empty = generated into the state dir
 */
@ConfigurationProperties("cynode.auth")
public record AuthSettings(
        String signingKey,
        @DefaultValue("15m") Duration accessTtl,
        @DefaultValue("7d") Duration refreshTtl,
        @DefaultValue("10") int maxFailuresPerHandle,
        @DefaultValue("50") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("19456") int argon2MemoryKib,
        @DefaultValue("2") int argon2Iterations,
        String bootstrapAdminPassword) {

    @Override
    public String toString() {
        return "AuthSettings[access_ttl=" + accessTtl + ", refresh_ttl=" + refreshTtl + ", secrets=<redacted>]";
    }
}
