package io.cynodeai.nodemanager.orchestrator;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.contracts.node.RegistrationRequest;
import io.cynodeai.contracts.problem.ProblemBodies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The node's client of the control plane. Only the registration URL is configured; every other
 * URL comes from the bootstrap payload, and fails over to the other control planes it lists ({@link OrchestratorApi} on a {@link RestClient}). Tokens
 * are never logged. An error status is a {@link Refused}, quoting the problem's detail; no answer
 * at all is an {@link IOException}.
 */
public final class OrchestratorClient {
    private volatile OrchestratorApi api;
    private volatile String trustedCa;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final List<URI> registrationUrls;
    private volatile NodeBootstrapPayload bootstrap;
    /** The base URL of the control plane that answered last (null: the bootstrap's own). */
    private volatile String answering;

    /** A call the control plane answered with an error status. */
    public static final class Refused extends IOException {
        private final int status;

        Refused(String what, int status, String body) {
            super(what + " answered " + status + ": " + ProblemBodies.detail(body));
            this.status = status;
        }

        /** What the control plane answered to {@code what}, with its problem's detail. */
        public static Refused of(String what, int status, String body) {
            return new Refused(what, status, body);
        }

        public int status() {
            return status;
        }

        /** The control plane does not accept this node's identity (nodes.md §1): revoked, or another's slug. */
        public boolean identityRefused() {
            return status == 409;
        }
    }

    public OrchestratorClient(String orchestratorUrl, Duration connectTimeout, Duration requestTimeout) {
        this(List.of(orchestratorUrl), connectTimeout, requestTimeout, null);
    }

    /**
     * @param orchestratorUrls the control planes to register with before a bootstrap names them (the
     *     node YAML's {@code orchestrator.url}, then its {@code alternate_urls}): each in turn while
     *     one gives no answer
     * @param caPem the CA to verify the orchestrator's certificate with (PEM); null = the JVM's
     *     trusted CAs
     */
    public OrchestratorClient(
            List<String> orchestratorUrls, Duration connectTimeout, Duration requestTimeout, String caPem) {
        this.registrationUrls = orchestratorUrls.stream()
                .map(u -> URI.create(u.replaceAll("/+$", "") + "/v1/nodes/register"))
                .toList();
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        trust(caPem);
    }

    /** Verifies the orchestrator with {@code caPem} (PEM) from the next call on; null = the JVM's trusted CAs. */
    public synchronized void trust(String caPem) {
        HttpClient.Builder http =
                HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1);
        if (caPem != null) {
            http.sslContext(TrustedCa.sslContext(caPem));
        }
        var requests = new JdkClientHttpRequestFactory(http.build());
        requests.setReadTimeout(requestTimeout);
        RestClient rest = RestClient.builder()
                .requestFactory(requests)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
        this.api = HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest))
                .build()
                .createClient(OrchestratorApi.class);
        this.trustedCa = caPem;
    }

    /** The CA the orchestrator is verified with now (PEM), or null for the JVM's. */
    public String trustedCa() {
        return trustedCa;
    }
    /** Registers with the PSK and, for a node enrolled before, its node credential ({@code null} to enroll). */
    public NodeBootstrapPayload register(String psk, String nodeCredential, NodeCapabilityReport capability)
            throws IOException {
        String body = Json.write(new RegistrationRequest(psk, capability, nodeCredential));
        String answer = bootstrap == null
                ? firstRegistration(body)
                : failover(
                        "registration",
                        200,
                        bootstrap.orchestrator().endpoints().workerRegistrationUrl(),
                        url -> api.register(url, body));
        NodeBootstrapPayload payload = Json.read(answer, NodeBootstrapPayload.class);
        this.bootstrap = payload;
        this.answering = null;
        return payload;
    }

    /** The first registration of this process: the YAML's control planes in turn, while one gives no answer. */
    private String firstRegistration(String body) throws IOException {
        IOException last = null;
        for (URI url : registrationUrls) {
            try {
                return expect("registration", 200, () -> api.register(url, body));
            } catch (Refused e) {
                throw e; // an answer: not tried elsewhere
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    public NodeConfigurationPayload fetchConfig() throws IOException {
        return Json.read(
                failover("config fetch", 200, endpoints().nodeConfigUrl(), url -> api.fetchConfig(url, bearer())),
                NodeConfigurationPayload.class);
    }

    public void ack(NodeConfigAck ack) throws IOException {
        failover("config ack", 204, endpoints().nodeConfigUrl(), url -> api.post(url, bearer(), Json.write(ack)));
    }

    /** A capability report, or the same again as a heartbeat (nodes.md §2). */
    public void reportCapability(NodeCapabilityReport report) throws IOException {
        failover(
                "capability report",
                204,
                endpoints().nodeReportUrl(),
                url -> api.post(url, bearer(), Json.write(report)));
    }

    /**
     * Calls {@code endpoint} on the control plane that answered last, and when it gives no answer
     * on each other one the bootstrap lists (nodes.md §2), under its own base URL; the first that
     * answers is asked first from then on. An error status is an answer: it is not tried elsewhere.
     */
    private String failover(
            String what, int status, String endpoint, java.util.function.Function<URI, ResponseEntity<String>> send)
            throws IOException {
        String base = bootstrap.orchestrator().baseUrl().replaceAll("/+$", "");
        List<String> order = new ArrayList<>();
        String first = answering;
        if (first != null) {
            order.add(first);
        }
        for (String b : baseUrls()) {
            if (!b.equals(first)) {
                order.add(b);
            }
        }
        IOException last = null;
        for (String b : order) {
            URI url = URI.create(endpoint.startsWith(base) ? b + endpoint.substring(base.length()) : endpoint);
            try {
                String answer = expect(what, status, () -> send.apply(url));
                answering = b;
                return answer;
            } catch (Refused e) {
                answering = b;
                throw e;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Every control plane's base URL, the bootstrap's own first. */
    private List<String> baseUrls() {
        List<String> all = new ArrayList<>();
        all.add(bootstrap.orchestrator().baseUrl().replaceAll("/+$", ""));
        List<String> more = bootstrap.orchestrator().alternateBaseUrls();
        if (more != null) {
            more.stream()
                    .map(u -> u.replaceAll("/+$", ""))
                    .filter(u -> !all.contains(u))
                    .forEach(all::add);
        }
        return all;
    }

    public NodeBootstrapPayload bootstrap() {
        return bootstrap;
    }

    private NodeBootstrapPayload.Endpoints endpoints() {
        if (bootstrap == null) {
            throw new IllegalStateException("not registered yet");
        }
        return bootstrap.orchestrator().endpoints();
    }

    private String bearer() {
        return "Bearer " + bootstrap.auth().nodeJwt();
    }

    private interface Call {
        ResponseEntity<String> send();
    }

    /** The answer's body when its status is {@code status}; else {@link Refused}; no answer, {@link IOException}. */
    private static String expect(String what, int status, Call call) throws IOException {
        ResponseEntity<String> r;
        try {
            r = call.send();
        } catch (ResourceAccessException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(what + ": no answer", e);
        }
        if (r.getStatusCode().value() != status) {
            throw new Refused(what, r.getStatusCode().value(), r.getBody());
        }
        return r.getBody();
    }
}
