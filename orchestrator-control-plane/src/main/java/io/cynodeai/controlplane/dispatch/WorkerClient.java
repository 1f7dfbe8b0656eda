package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.tls.PinnedCertificate;
import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.apache.commons.io.input.BoundedInputStream;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import org.springframework.web.util.DefaultUriBuilderFactory;

/**
 * Calls a node's Worker API ({@link WorkerApi}) with that node's URL and bearer token. Every
 * answer is returned with its status, errors included: what a status means for the job is
 * {@link JobAttempt}'s to decide. A node is not trusted with the control plane's memory (nodes.md
 * §1): a run's answer is read up to {@link #MAX_ANSWER_BYTES} (far above the output caps and the
 * JSON around them), an error's up to {@link #MAX_ERROR_BYTES}; more is an {@link
 * AnswerTooLarge}, a failed attempt. One HTTP client (one connection pool) serves every node; a run
 * call waits as long as its job may run, so there is a proxy per such timeout, all on that client.
 */
@Component
class WorkerClient {
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);
    /** The longest pause while an artifact streams in. */
    private static final Duration ARTIFACT_TIMEOUT = Duration.ofSeconds(60);

    static final long MAX_ANSWER_BYTES = 16L << 20;
    static final long MAX_ERROR_BYTES = 64L << 10;

    /** A node's answer went past its bound; reading stopped there. */
    static final class AnswerTooLarge extends IOException {
        AnswerTooLarge(long max) {
            super("the node's answer is larger than " + max + " bytes");
        }
    }

    private final long maxAnswer;
    private final long maxError;

    WorkerClient() {
        this(MAX_ANSWER_BYTES, MAX_ERROR_BYTES);
    }

    WorkerClient(long maxAnswer, long maxError) {
        this.maxAnswer = maxAnswer;
        this.maxError = maxError;
    }

    /** One HTTP client per pinned Worker API certificate ("" = none: plain http, or the JVM's CAs). */
    private final Map<String, HttpClient> httpByPin = new ConcurrentHashMap<>();
    /** A client for a timeout and a pin. */
    private record Use(Duration timeout, String pin) {}

    private final Map<Use, WorkerApi> apis = new ConcurrentHashMap<>();
    private final Map<Use, RestClient> rests = new ConcurrentHashMap<>();
    /** A node's base URL, parsed once (a URL template is parsed on every expansion otherwise). */
    private final Map<String, DefaultUriBuilderFactory> nodes = new ConcurrentHashMap<>();

    record Response(int status, String body) {}

    /** Output of a running job, one piece of one stream at a time. */
    @FunctionalInterface
    interface LiveSink {
        void output(String stream, String text);
    }

    /**
     * Runs a job, asking for its output as it is printed ({@code Accept: application/x-ndjson},
     * tasks.md §4): each output line goes to {@code live}, and the answer is the result line (as
     * the Worker API wrote it, without its {@code type}). A node that answers plain JSON (an older
     * Worker API) or a problem is answered as it was.
     */
    Response runJob(DispatchTarget target, String requestJson, Duration timeout, LiveSink live) {
        return runJob(target, requestJson, List.of(), timeout, live);
    }

    /**
     * The same with the job's attachments (tasks.md §5): a multipart request whose files stream
     * from their store as they are sent, never held whole.
     */
    Response runJob(
            DispatchTarget target, String requestJson, List<Resource> attachments, Duration timeout, LiveSink live) {
        RestClient.RequestBodySpec call = rest(new Use(timeout, pin(target)))
                .post()
                .uri(node(target).expand("/v1/worker/jobs:run"))
                .header("Authorization", bearer(target))
                .accept(MediaType.APPLICATION_NDJSON, MediaType.APPLICATION_JSON);
        if (attachments.isEmpty()) {
            call.contentType(MediaType.APPLICATION_JSON).body(requestJson);
        } else {
            MultipartBodyBuilder parts = new MultipartBodyBuilder();
            parts.part("request", requestJson, MediaType.APPLICATION_JSON);
            attachments.forEach(file -> parts.part("attachment", file, MediaType.APPLICATION_OCTET_STREAM)
                    .filename(file.getFilename()));
            call.contentType(MediaType.MULTIPART_FORM_DATA).body(parts.build());
        }
        return call.exchange((request, response) -> {
            int status = response.getStatusCode().value();
            MediaType type = response.getHeaders().getContentType();
            if (status != 200) {
                return new Response(status, read(response.getBody(), maxError));
            }
            if (type == null || !type.isCompatibleWith(MediaType.APPLICATION_NDJSON)) {
                return new Response(status, read(response.getBody(), maxAnswer));
            }
            return new Response(200, NdjsonRun.read(bounded(response.getBody(), maxAnswer), live));
        });
    }

    private static String read(InputStream body, long max) throws IOException {
        return new String(bounded(body, max).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static InputStream bounded(InputStream body, long max) throws IOException {
        return BoundedInputStream.builder()
                .setInputStream(body)
                .setMaxCount(max + 1)
                .setOnMaxCount((limit, count) -> {
                    throw new AnswerTooLarge(max);
                })
                .get();
    }

    /** What is done with an artifact's bytes while they stream from the node. */
    @FunctionalInterface
    interface ArtifactSink<T> {
        T take(InputStream bytes) throws IOException;
    }

    /**
     * Streams the job's artifact at {@code index} to {@code sink}.
     *
     * @throws IOException when the node does not give it
     */
    <T> T artifact(DispatchTarget target, String jobId, int index, ArtifactSink<T> sink) throws IOException {
        try {
            return rest(new Use(ARTIFACT_TIMEOUT, pin(target)))
                    .get()
                    .uri(node(target).expand("/v1/worker/jobs/{job}/artifacts/{index}", jobId, index))
                    .header("Authorization", bearer(target))
                    .exchange((request, response) -> {
                        if (response.getStatusCode().value() != 200) {
                            throw new IOException("the node answered "
                                    + response.getStatusCode().value());
                        }
                        return sink.take(response.getBody());
                    });
        } catch (org.springframework.web.client.RestClientException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Tells the node the job's artifacts are stored here (it deletes its copies). */
    void discardArtifacts(DispatchTarget target, String jobId) {
        rest(new Use(CANCEL_TIMEOUT, pin(target)))
                .delete()
                .uri(node(target).expand("/v1/worker/jobs/{job}/artifacts", jobId))
                .header("Authorization", bearer(target))
                .retrieve()
                .toBodilessEntity();
    }

    int cancel(DispatchTarget target, String jobId) {
        return api(new Use(CANCEL_TIMEOUT, pin(target)))
                .cancel(node(target), bearer(target), jobId)
                .getStatusCode()
                .value();
    }

    private WorkerApi api(Use use) {
        return apis.computeIfAbsent(
                use,
                u -> HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest(u)))
                        .build()
                        .createClient(WorkerApi.class));
    }

    private RestClient rest(Use use) {
        return rests.computeIfAbsent(use, u -> {
            var requests = new JdkClientHttpRequestFactory(http(u.pin()));
            requests.setReadTimeout(u.timeout());
            return RestClient.builder()
                    .requestFactory(requests)
                    .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                    .build();
        });
    }

    /** The client for a pin: one that accepts only that certificate (nodes.md §1), or the plain one. */
    private HttpClient http(String pin) {
        return httpByPin.computeIfAbsent(pin, p -> {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor());
            if (!p.isEmpty()) {
                b.sslContext(new PinnedCertificate(p).sslContext());
            }
            return b.build();
        });
    }

    private static String pin(DispatchTarget target) {
        return target.workerCertSha256() == null || !target.workerApiUrl().startsWith("https:")
                ? ""
                : target.workerCertSha256();
    }

    private DefaultUriBuilderFactory node(DispatchTarget target) {
        return nodes.computeIfAbsent(target.workerApiUrl(), DefaultUriBuilderFactory::new);
    }

    private static String bearer(DispatchTarget target) {
        return "Bearer " + target.bearerToken();
    }
}
