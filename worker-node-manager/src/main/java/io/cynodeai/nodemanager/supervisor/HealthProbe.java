package io.cynodeai.nodemanager.supervisor;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/** Whether a local health endpoint answers 200 within two seconds. */
public final class HealthProbe {
    /** A health endpoint; the URL is the argument. */
    interface Health {
        @GetExchange
        ResponseEntity<Void> get(URI url);
    }

    private static final HealthProbe PLAIN = new HealthProbe(null);

    private final Health health;

    private HealthProbe(javax.net.ssl.SSLContext tls) {
        this.health = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(RestClient.builder()
                        .requestFactory(requests(tls))
                        .defaultStatusHandler(status -> true, (request, response) -> {})
                        .build()))
                .build()
                .createClient(Health.class);
    }

    /** A probe of an https endpoint that must present the certificate with this SHA-256 (the Worker API's own). */
    public static HealthProbe pinned(String sha256) {
        return new HealthProbe(new io.cynodeai.contracts.tls.PinnedCertificate(sha256).sslContext());
    }

    /** A probe of a plain-http endpoint (or one the JVM's CAs verify). */
    public static HealthProbe plain() {
        return PLAIN;
    }

    private static JdkClientHttpRequestFactory requests(javax.net.ssl.SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        if (tls != null) {
            b.sslContext(tls);
        }
        var f = new JdkClientHttpRequestFactory(b.build());
        f.setReadTimeout(Duration.ofSeconds(2));
        return f;
    }

    public static boolean ok(String url) {
        return PLAIN.answers(url);
    }

    public boolean answers(String url) {
        try {
            return health.get(URI.create(url)).getStatusCode().value() == 200;
        } catch (RestClientException | IllegalArgumentException e) {
            return false;
        }
    }
}
