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
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The node's client of the control plane. Only the registration URL is configured; every other
 * URL comes from the bootstrap payload ({@link OrchestratorApi} on a {@link RestClient}). Tokens
 * are never logged. An error status is a {@link Refused}, quoting the problem's detail; no answer
 * at all is an {@link IOException}.
 */
public final class OrchestratorClient {
    private volatile OrchestratorApi api;
    private volatile String trustedCa;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final URI registrationUrl;
    private volatile NodeBootstrapPayload bootstrap;

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
        this(orchestratorUrl, connectTimeout, requestTimeout, null);
    }

    /**
     * @param caPem the CA to verify the orchestrator's certificate with (PEM); null = the JVM's
     *     trusted CAs
     */
    public OrchestratorClient(String orchestratorUrl, Duration connectTimeout, Duration requestTimeout, String caPem) {
        this.registrationUrl = URI.create(orchestratorUrl.replaceAll("/+$", "") + "/v1/nodes/register");
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
        URI url = bootstrap == null
                ? registrationUrl
                : URI.create(bootstrap.orchestrator().endpoints().workerRegistrationUrl());
        String body = Json.write(new RegistrationRequest(psk, capability, nodeCredential));
        String answer = expect("registration", 200, () -> api.register(url, body));
        NodeBootstrapPayload payload = Json.read(answer, NodeBootstrapPayload.class);
        this.bootstrap = payload;
        return payload;
    }

    public NodeConfigurationPayload fetchConfig() throws IOException {
        URI url = URI.create(endpoints().nodeConfigUrl());
        return Json.read(
                expect("config fetch", 200, () -> api.fetchConfig(url, bearer())), NodeConfigurationPayload.class);
    }

    public void ack(NodeConfigAck ack) throws IOException {
        URI url = URI.create(endpoints().nodeConfigUrl());
        expect("config ack", 204, () -> api.post(url, bearer(), Json.write(ack)));
    }

    public void reportCapability(NodeCapabilityReport report) throws IOException {
        URI url = URI.create(endpoints().nodeReportUrl());
        expect("capability report", 204, () -> api.post(url, bearer(), Json.write(report)));
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
