package io.cynodeai.inference;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key Worker API tokens are encrypted with at rest, the same setting in every orchestrator
 * service ({@code cynode.node-config.token-encryption-key}); empty = the one generated under the
 * shared state directory's {@code secrets/}.
 */
@ConfigurationProperties("cynode.node-config")
public record WorkerTokenKey(String tokenEncryptionKey) {
    @Override
    public String toString() {
        return "WorkerTokenKey[<redacted>]";
    }
}
