package io.cynodeai.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Personal API tokens, on the gateway of {@link StandInGateway}: what an SDK is configured with. */
class ApiTokensIT extends StandInGateway {
    JsonNode create(String bearer, String body) {
        Reply r = http.post("/v1/users/me/api_tokens", bearer, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Json.mapper().readTree(r.body());
    }

    @Test
    void aTokenIsShownOnceAndThenWorksAsTheSdksKey() {
        JsonNode created = create(token, "{\"name\":\"my script\",\"expires_in_days\":30}");
        String value = created.get("token").asString();
        assertThat(value).startsWith("cyn_").hasSizeGreaterThanOrEqualTo(4 + 43);
        assertThat(created.get("expires_at").isNull()).isFalse();
        var sdk = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(value)
                .maxRetries(0)
                .build();
        assertThat(sdk.models().list().data()).extracting(Model::id).contains("standin-echo");
        assertThat(sdk.chat()
                        .completions()
                        .create(ask("by token"))
                        .choices()
                        .getFirst()
                        .message()
                        .content())
                .contains("Stand-in answer: by token");
        assertThat(http.get("/v1/tasks", value).status())
                .as("every user endpoint")
                .isEqualTo(200);
        Reply list = http.get("/v1/users/me/api_tokens", token);
        assertThat(list.body()).contains("my script").doesNotContain(value);
        assertThat(jdbc.sql("select count(*) from api_tokens where token_hash = ?")
                        .param(value)
                        .query(Long.class)
                        .single())
                .as("only a hash is stored")
                .isZero();
        JsonNode listed = Json.mapper().readTree(list.body()).get("tokens").get(0);
        assertThat(listed.get("last_used_at").isNull()).isFalse();
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        JsonNode created = create(token, "{\"name\":\"short-lived\"}");
        String value = created.get("token").asString();
        assertThat(http.get("/v1/tasks", value).status()).isEqualTo(200);
        Reply revoked = http.send(
                http.builder("/v1/users/me/api_tokens/" + created.get("id").asString(), token)
                        .DELETE());
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(http.get("/v1/tasks", value).status()).isEqualTo(401);
        assertThat(http.get("/v1/models", value).status()).isEqualTo(401);
    }

    @Test
    void disablingTheUserStopsTheirTokens() {
        String handle = "tokenuser" + System.nanoTime();
        Reply user = http.post("/v1/users", token, Json.write(Map.of("handle", handle, "password", "pw-of-" + handle)));
        String userId = Json.mapper().readTree(user.body()).get("id").asString();
        String value = create(login(handle, "pw-of-" + handle), "{\"name\":\"t\"}")
                .get("token")
                .asString();
        assertThat(http.get("/v1/tasks", value).status()).isEqualTo(200);
        assertThat(http.post("/v1/users/" + userId + "/disable", token, "{}").status())
                .isEqualTo(200);
        assertThat(http.get("/v1/tasks", value).status()).isEqualTo(401);
    }

    @Test
    void badCreationRequestsAre400AndAnUnknownTokenIs401() {
        assertThat(http.post("/v1/users/me/api_tokens", token, "{}").status()).isEqualTo(400);
        assertThat(http.post("/v1/users/me/api_tokens", token, "{\"name\":\"x\",\"expires_in_days\":0}")
                        .status())
                .isEqualTo(400);
        assertThat(http.get("/v1/tasks", "cyn_notarealtokennotarealtokennotarealtoken")
                        .status())
                .isEqualTo(401);
    }
}
