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

    @Test
    void beforeRegistrationThereIsNoConfigurationToFetch() {
        assertThatThrownBy(() -> client(1).fetchConfig()).isInstanceOf(IllegalStateException.class);
    }
}
