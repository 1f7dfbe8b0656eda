package io.cynodeai.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param signingKey user access token key; empty = generated into the state dir
 * @param accessTtl access token lifetime
 * @param refreshTtl login session (refresh token) lifetime
 * @param maxFailuresPerHandle failed logins of one handle from one client address in {@code
 *     failureWindow} before 429 (each attempt counts before its password is checked)
 * @param maxFailuresPerHandleAnywhere failed logins of one handle from all addresses together
 *     before 429: a ceiling far above a person's typing, so a handle under attack from some
 *     addresses can still sign in from one that has not failed
 * @param maxFailuresPerAddress failed logins per client address in {@code failureWindow} before 429
 * @param passwordChecks argon2 checks at once at most (each takes its memory and a core); more
 *     wait up to {@code passwordCheckWait}, then 503 with Retry-After
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
        @DefaultValue("500") int maxFailuresPerHandleAnywhere,
        @DefaultValue("50") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("19456") int argon2MemoryKib,
        @DefaultValue("2") int argon2Iterations,
        @DefaultValue("4") int passwordChecks,
        @DefaultValue("5s") Duration passwordCheckWait,
        String bootstrapAdminPassword) {

    @Override
    public String toString() {
        return "AuthSettings[access_ttl=" + accessTtl + ", refresh_ttl=" + refreshTtl + ", secrets=<redacted>]";
    }
}
