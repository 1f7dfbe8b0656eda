package io.cynodeai.nodemanager.orchestrator;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.contracts.node.RegistrationRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The node's client of the control plane. Only the registration URL is configured; every other
 * URL comes from the bootstrap payload. Tokens are never logged.
 */
public final class OrchestratorClient {
    private final HttpClient http;
    private final String registrationUrl;
    private final Duration requestTimeout;
    private volatile NodeBootstrapPayload bootstrap;

    /** A call the control plane answered with an error status. */
    public static final class Refused extends IOException {
        private final int status;

        Refused(String what, int status, String body) {
            super(what + " answered " + status + ": " + detail(body));
            this.status = status;
        }

        /** What the control plane answered to {@code what}, with its problem's detail. */
        public static Refused of(String what, int status, String body) {
            return new Refused(what, status, body);
        }

        public int status() {
            return status;
        }

        private static String detail(String body) {
            try {
                var node = Json.mapper().readTree(body).get("detail");
                return node == null ? "no detail" : node.asString();
            } catch (RuntimeException e) {
                return "no detail";
            }
        }
    }

    public OrchestratorClient(String orchestratorUrl, Duration connectTimeout, Duration requestTimeout) {
        this.registrationUrl = orchestratorUrl.replaceAll("/+$", "") + "/v1/nodes/register";
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public NodeBootstrapPayload register(String psk, NodeCapabilityReport capability)
            throws IOException, InterruptedException {
        String url = bootstrap == null
                ? registrationUrl
                : bootstrap.orchestrator().endpoints().workerRegistrationUrl();
        String body = Json.write(new RegistrationRequest(psk, capability));
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)), null);
        expect("registration", r, 200);
        NodeBootstrapPayload payload = Json.read(r.body(), NodeBootstrapPayload.class);
        this.bootstrap = payload;
        return payload;
    }

    public NodeConfigurationPayload fetchConfig() throws IOException, InterruptedException {
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(endpoints().nodeConfigUrl())).GET(), jwt());
        expect("config fetch", r, 200);
        return Json.read(r.body(), NodeConfigurationPayload.class);
    }

    public void ack(NodeConfigAck ack) throws IOException, InterruptedException {
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(endpoints().nodeConfigUrl()))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(ack))),
                jwt());
        expect("config ack", r, 204);
    }

    public void reportCapability(NodeCapabilityReport report) throws IOException, InterruptedException {
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(endpoints().nodeReportUrl()))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(report))),
                jwt());
        expect("capability report", r, 204);
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

    private String jwt() {
        return bootstrap.auth().nodeJwt();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String bearer)
            throws IOException, InterruptedException {
        builder.timeout(requestTimeout).header("Content-Type", "application/json");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(String what, HttpResponse<String> r, int status) throws Refused {
        if (r.statusCode() != status) {
            throw new Refused(what, r.statusCode(), r.body());
        }
    }
}
