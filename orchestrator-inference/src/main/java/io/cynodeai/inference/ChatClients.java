package io.cynodeai.inference;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.tls.PinnedCertificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One OpenAI SDK client per path (base URL and credential), kept, so connections are reused. The
 * SDK's own retries are off: a retry goes to the next path ({@link ChatRouter}).
 */
public class ChatClients implements AutoCloseable {
    private record Held(String keyHash, OpenAIClient client) {}

    private final Map<String, Held> clients = new ConcurrentHashMap<>();
    private final Duration timeout;

    public ChatClients(Duration timeout) {
        this.timeout = timeout;
    }

    /** The client for a path; a node's rotated token replaces (and closes) the client of the old one. */
    public OpenAIClient client(InferencePath path) {
        String keyHash = Sha256.hex((path.apiKey() == null ? "" : path.apiKey()) + "|" + path.certSha256());
        Held held = clients.compute(path.baseUrl(), (url, old) -> {
            if (old != null && old.keyHash().equals(keyHash)) {
                return old;
            }
            if (old != null) {
                old.client().close();
            }
            return new Held(keyHash, build(path));
        });
        return held.client();
    }

    private OpenAIClient build(InferencePath path) {
        var builder = OpenAIOkHttpClient.builder()
                .baseUrl(path.baseUrl())
                // The SDK requires a key; a provider without one ignores it.
                .apiKey(path.apiKey() == null || path.apiKey().isBlank() ? "none" : path.apiKey())
                .maxRetries(0)
                .timeout(timeout);
        if (path.certSha256() != null) {
            // A node's https Worker API: only the certificate it reported (nodes.md §1), at whatever address.
            var pinned = new PinnedCertificate(path.certSha256());
            builder.sslSocketFactory(pinned.sslContext().getSocketFactory())
                    .trustManager(pinned)
                    .hostnameVerifier((host, session) -> true);
        }
        return builder.build();
    }

    @Override
    public void close() {
        clients.values().forEach(h -> h.client().close());
        clients.clear();
    }
}
