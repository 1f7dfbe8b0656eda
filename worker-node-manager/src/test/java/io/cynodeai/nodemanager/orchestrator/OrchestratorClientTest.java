package io.cynodeai.nodemanager.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.sun.net.httpserver.HttpServer;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in for the control plane on loopback. */
class OrchestratorClientTest {
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/nodes/register", exchange -> {
            byte[] body =
                    "{\"type\":\"https://cynode.ai/problems/unauthenticated\",\"status\":401,\"detail\":\"the PSK is not valid\"}"
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    OrchestratorClient client(int port) {
        return new OrchestratorClient("http://127.0.0.1:" + port + "/", Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void anErrorStatusIsARefusalQuotingTheProblem() {
        var client = client(server.getAddress().getPort());
        assertThatThrownBy(() -> client.register("psk", null, mock(NodeCapabilityReport.class)))
                .isInstanceOfSatisfying(OrchestratorClient.Refused.class, r -> {
                    assertThat(r.status()).isEqualTo(401);
                    assertThat(r.getMessage()).isEqualTo("registration answered 401: the PSK is not valid");
                });
    }

    @Test
    void noAnswerIsAnIOExceptionNotARefusal() throws IOException {
        int unused;
        try (ServerSocket s = new ServerSocket(0)) {
            unused = s.getLocalPort();
        }
        var client = client(unused);
        assertThatThrownBy(() -> client.register("psk", null, mock(NodeCapabilityReport.class)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(OrchestratorClient.Refused.class);
    }

    /** A control plane that answers a registration with a bootstrap naming {@code alternate}, and counts reports. */
    static HttpServer controlPlane(
            int reportStatus, java.util.concurrent.atomic.AtomicInteger reports, String alternate) throws IOException {
        HttpServer cp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + cp.getAddress().getPort();
        cp.createContext("/v1/nodes/register", exchange -> {
            byte[] body = ("""
                            {"version":1,"issued_at":"2026-12-01T00:00:00Z","orchestrator":{"base_url":"%1$s",
                             "alternate_base_urls":["%2$s/"],"endpoints":{
                              "worker_registration_url":"%1$s/v1/nodes/register",
                              "node_config_url":"%1$s/v1/nodes/config",
                              "node_report_url":"%1$s/v1/nodes/capability"}},
                             "auth":{"node_jwt":"jwt","expires_at":"2026-12-02T00:00:00Z"},"initial_config_version":"1"}""".formatted(base, alternate)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cp.createContext("/v1/nodes/capability", exchange -> {
            reports.incrementAndGet();
            exchange.sendResponseHeaders(reportStatus, -1);
            exchange.close();
        });
        cp.start();
        return cp;
    }

    @Test
    void aControlPlaneThatGivesNoAnswerIsReplacedByTheNextTheBootstrapLists() throws IOException {
        var atB = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer b = controlPlane(204, atB, "http://127.0.0.1:1");
        HttpServer a = controlPlane(
                204,
                new java.util.concurrent.atomic.AtomicInteger(),
                "http://127.0.0.1:" + b.getAddress().getPort());
        try {
            var client = client(a.getAddress().getPort());
            client.register("psk", null, mock(NodeCapabilityReport.class));
            a.stop(0);
            client.reportCapability(mock(NodeCapabilityReport.class));
            client.reportCapability(mock(NodeCapabilityReport.class));
            assertThat(atB).hasValue(2);
        } finally {
            b.stop(0);
        }
    }

    @Test
    void aFirstRegistrationGoesToTheNextControlPlaneTheYamlNamesWhenTheFirstGivesNoAnswer() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        var reports = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer b = controlPlane(204, reports, "http://127.0.0.1:1");
        try {
            var client = new OrchestratorClient(
                    java.util.List.of(
                            "http://127.0.0.1:" + dead,
                            "http://127.0.0.1:" + b.getAddress().getPort()),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    null);
            var bootstrap = client.register("psk", null, mock(NodeCapabilityReport.class));
            assertThat(bootstrap.orchestrator().baseUrl())
                    .endsWith(":" + b.getAddress().getPort());
        } finally {
            b.stop(0);
        }
    }

    @Test
    void aFirstRegistrationRefusedIsNotTriedOnTheNextControlPlane() {
        var client = new OrchestratorClient(
                java.util.List.of("http://127.0.0.1:" + server.getAddress().getPort(), "http://127.0.0.1:1"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                null);
        assertThatThrownBy(() -> client.register("psk", null, mock(NodeCapabilityReport.class)))
                .isInstanceOf(OrchestratorClient.Refused.class);
    }

    @Test
    void aRefusalIsAnAnswerAndIsNotTriedOnAnotherControlPlane() throws IOException {
        var atA = new java.util.concurrent.atomic.AtomicInteger();
        var atB = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer b = controlPlane(204, atB, "http://127.0.0.1:1");
        HttpServer a =
                controlPlane(409, atA, "http://127.0.0.1:" + b.getAddress().getPort());
        try {
            var client = client(a.getAddress().getPort());
            client.register("psk", null, mock(NodeCapabilityReport.class));
            assertThatThrownBy(() -> client.reportCapability(mock(NodeCapabilityReport.class)))
                    .isInstanceOf(OrchestratorClient.Refused.class);
            assertThat(atA).hasValue(1);
            assertThat(atB).hasValue(0);
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    @Test
    void beforeRegistrationThereIsNoConfigurationToFetch() {
        assertThatThrownBy(() -> client(1).fetchConfig()).isInstanceOf(IllegalStateException.class);
    }
}
