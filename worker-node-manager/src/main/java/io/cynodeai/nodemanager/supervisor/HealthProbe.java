package io.cynodeai.nodemanager.supervisor;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Whether a local health endpoint answers 200 within two seconds. */
public final class HealthProbe {
    private static final RestClient HTTP = RestClient.builder()
            .requestFactory(requests())
            .defaultStatusHandler(status -> true, (request, response) -> {})
            .build();

    private HealthProbe() {}

    private static JdkClientHttpRequestFactory requests() {
        var f = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
        f.setReadTimeout(Duration.ofSeconds(2));
        return f;
    }

    public static boolean ok(String url) {
        try {
            return HTTP.get()
                            .uri(url)
                            .retrieve()
                            .toBodilessEntity()
                            .getStatusCode()
                            .value()
                    == 200;
        } catch (RestClientException | IllegalArgumentException e) {
            return false;
        }
    }
}
