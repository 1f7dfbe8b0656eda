package io.cynodeai.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.standin.InferenceStandIn;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The gateway on a real PostgreSQL with its external inference path pointed at the stand-in's
 * OpenAI-compatible side (a test double: no model can be downloaded here), in this JVM, with a
 * provider key it requires; and the official OpenAI Java SDK as a signed-in client.
 */
@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.flyway.enabled=true",
            "cynode.auth.signing-key=test-user-signing-key-0123456789abcdef",
            "cynode.auth.bootstrap-admin-password=" + StandInGateway.ADMIN_PASSWORD,
            "cynode.inference.external-models=standin-echo",
            "cynode.inference.external-api-key=" + StandInGateway.PROVIDER_KEY
        })
abstract class StandInGateway {
    /** The same as the other gateway tests: they share one database, where the first context bootstraps admin. */
    static final String ADMIN_PASSWORD = "admin-password-for-tests-1";

    static final String PROVIDER_KEY = "provider-key-for-chat-tests-0123456789";
    static final InferenceStandIn STANDIN;

    static {
        try {
            STANDIN =
                    InferenceStandIn.start("127.0.0.1", 0, Duration.ofMillis(2), List.of("standin-echo"), PROVIDER_KEY);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("cynode.inference.external-base-url", STANDIN::openAiBaseUrl);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    String token;
    OpenAIClient openai;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
        token = login("admin", ADMIN_PASSWORD);
        openai = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(token)
                .maxRetries(0)
                .build();
    }

    String login(String handle, String password) {
        Reply r = http.post("/v1/auth/login", null, Json.write(Map.of("handle", handle, "password", password)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).get("access_token").asString();
    }

    static ChatCompletionCreateParams ask(String text) {
        return ChatCompletionCreateParams.builder()
                .model("standin-echo")
                .addUserMessage(text)
                .build();
    }

    String otherUser() {
        String handle = "chatter" + System.nanoTime();
        Reply r = http.post(
                "/v1/users", token, Json.write(Map.of("handle", handle, "password", "password-of-" + handle)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return login(handle, "password-of-" + handle);
    }

    static JsonNode error(Reply r) {
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.has("error")).as(r.body()).isTrue();
        return body.get("error");
    }
}
