package io.cynodeai.inference;

import io.cynodeai.contracts.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.encrypt.Encryptors;

/**
 * Encrypts Worker API tokens at rest: Spring Security Crypto's {@code Encryptors.stronger}
 * (AES-256-GCM, a random nonce per value, the key derived from the configured secret with
 * PBKDF2). A value that does not decrypt (another key, or the format of an earlier release) is
 * reported as absent, and the caller issues a new token, as it does for one about to expire.
 */
public final class TokenCipher {
    private final BytesEncryptor aes;

    public TokenCipher(String secret) {
        // The secret is already a random key: a fixed salt derived from it keeps the key stable across restarts.
        String salt = HexFormat.of().formatHex(Sha256.of("cynode-worker-token-salt:" + secret), 0, 16);
        this.aes = Encryptors.stronger(secret, salt);
    }

    public byte[] encrypt(String token) {
        return aes.encrypt(token.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<String> decrypt(byte[] stored) {
        try {
            return Optional.of(new String(aes.decrypt(stored), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
