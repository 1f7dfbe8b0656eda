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

    private static final Health HEALTH = HttpServiceProxyFactory.builderFor(
                    RestClientAdapter.create(RestClient.builder()
                            .requestFactory(requests())
                            .defaultStatusHandler(status -> true, (request, response) -> {})
                            .build()))
            .build()
            .createClient(Health.class);

    private HealthProbe() {}

    private static JdkClientHttpRequestFactory requests() {
        var f = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
        f.setReadTimeout(Duration.ofSeconds(2));
        return f;
    }

    public static boolean ok(String url) {
        try {
            return HEALTH.get(URI.create(url)).getStatusCode().value() == 200;
        } catch (RestClientException | IllegalArgumentException e) {
            return false;
        }
    }
}
