package io.cynodeai.workerapi.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.standin.InferenceStandIn;
import io.cynodeai.testsupport.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The node's model through the Worker API: the orchestrator's bearer token in front of an
 * inference server with none. The server is the stand-in (a test double: no model can be
 * downloaded here), in this JVM.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "cynode.sandbox.cgroup-parent=/cynode_it_sandboxes"})
// Closed after this class: its sandbox upkeep (leftover recovery) must not outlive it into the
// sandbox tests' containers.
@DirtiesContext
class InferenceProxyIT {
    static final String TOKEN = "proxy-it-token-0123456789abcdef";
    static final Path STATE;
    static final InferenceStandIn STANDIN;

    static {
        try {
            STATE = Files.createTempDirectory("inference-proxy-it");
            STANDIN = InferenceStandIn.start("127.0.0.1", 0, Duration.ZERO, List.of("standin-echo"), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        io.cynodeai.workerapi.WorkerTestState.register(registry, STATE);
        registry.add("cynode.worker.inference-url", () -> "http://127.0.0.1:" + STANDIN.port());
    }

    @AfterAll
    static void stop() {
        STANDIN.close();
    }

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void token() throws IOException {
        Files.writeString(
                STATE.resolve("token.json"),
                "{\"token\":\"" + TOKEN + "\",\"expires_at\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    @Test
    void withoutTheNodesTokenTheModelIsNotReachable() {
        assertThat(http.get(InferenceProxy.BASE + "/models", null).status()).isEqualTo(401);
        assertThat(http.get(InferenceProxy.BASE + "/models", "wrong-token-0123456789")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void theModelsOfTheContainerAreListed() {
        var reply = http.get(InferenceProxy.BASE + "/models", TOKEN);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"standin-echo:latest\"");
    }

    @Test
    void aStreamedChatIsRelayedAsTheModelWroteIt() {
        var reply = http.post(
                InferenceProxy.BASE + "/chat/completions",
                TOKEN,
                "{\"model\":\"standin-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"two words\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(reply.body()).contains("\"content\":\"words\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void theModelsOwnRefusalsPassThrough() {
        var reply = http.post(
                InferenceProxy.BASE + "/chat/completions",
                TOKEN,
                "{\"model\":\"not-pulled\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).contains("model_not_found");
    }
}
