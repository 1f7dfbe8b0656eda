package io.cynodeai.controlplane.dispatch;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import org.springframework.web.util.DefaultUriBuilderFactory;

/**
 * Calls a node's Worker API ({@link WorkerApi}) with that node's URL and bearer token. Every
 * answer is returned with its status, errors included: what a status means for the job is
 * {@link JobAttempt}'s to decide. One HTTP client (one connection pool) serves every node; a run
 * call waits as long as its job may run, so there is a proxy per such timeout, all on that client.
 */
@Component
class WorkerClient {
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final Map<Duration, WorkerApi> byTimeout = new ConcurrentHashMap<>();
    /** A node's base URL, parsed once (a URL template is parsed on every expansion otherwise). */
    private final Map<String, DefaultUriBuilderFactory> nodes = new ConcurrentHashMap<>();

    record Response(int status, String body) {}

    Response runJob(DispatchTarget target, String requestJson, Duration timeout) {
        ResponseEntity<String> r = api(timeout).runJob(node(target), bearer(target), requestJson);
        return new Response(r.getStatusCode().value(), r.getBody());
    }

    int cancel(DispatchTarget target, String jobId) {
        return api(CANCEL_TIMEOUT)
                .cancel(node(target), bearer(target), jobId)
                .getStatusCode()
                .value();
    }

    private WorkerApi api(Duration timeout) {
        return byTimeout.computeIfAbsent(timeout, t -> {
            var requests = new JdkClientHttpRequestFactory(http);
            requests.setReadTimeout(t);
            RestClient rest = RestClient.builder()
                    .requestFactory(requests)
                    .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                    .build();
            return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest))
                    .build()
                    .createClient(WorkerApi.class);
        });
    }

    private DefaultUriBuilderFactory node(DispatchTarget target) {
        return nodes.computeIfAbsent(target.workerApiUrl(), DefaultUriBuilderFactory::new);
    }

    private static String bearer(DispatchTarget target) {
        return "Bearer " + target.bearerToken();
    }
}
