package io.cynodeai.controlplane.dispatch;

import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/** Calls a node's Worker API with that node's URL and bearer token. */
@Component
class WorkerClient {
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    record Response(int status, String body) {}

    Response runJob(DispatchTarget target, String requestJson, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.workerApiUrl() + "/v1/worker/jobs:run"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + target.bearerToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestJson))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    int cancel(DispatchTarget target, String jobId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(target.workerApiUrl() + "/v1/worker/jobs/" + jobId + ":cancel"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + target.bearerToken())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
