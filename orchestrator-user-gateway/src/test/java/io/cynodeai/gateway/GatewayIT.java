package io.cynodeai.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.serviceweb.security.JwtKind;
import io.cynodeai.testsupport.OpenApiChecks;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.flyway.enabled=true",
            "cynode.auth.signing-key=" + GatewayIT.USER_KEY,
            "cynode.auth.bootstrap-admin-password=" + GatewayIT.ADMIN_PASSWORD,
            "cynode.auth.max-failures-per-handle=5"
        })
@ExtendWith(OutputCaptureExtension.class)
class GatewayIT {
    static final String USER_KEY = "test-user-signing-key-0123456789abcdef";
    static final String ADMIN_PASSWORD = "admin-password-for-tests-1";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    final List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD));

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    record Tokens(String access, String refresh) {}

    Tokens login(String handle, String password) {
        Reply r = http.post("/v1/auth/login", null, Json.write(Map.of("handle", handle, "password", password)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(900);
        Tokens t = new Tokens(
                body.get("access_token").asString(), body.get("refresh_token").asString());
        secrets.add(t.access());
        secrets.add(t.refresh());
        return t;
    }

    String newUser(String handle) {
        Tokens admin = login("admin", ADMIN_PASSWORD);
        String password = "password-of-" + handle;
        secrets.add(password);
        Reply r = http.post("/v1/users", admin.access(), Json.write(Map.of("handle", handle, "password", password)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Json.mapper().readTree(r.body()).get("id").asString();
    }

    static void assertProblem(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void aLoginGivesAnAccessTokenForTheUsersOwnAccount() {
        Tokens t = login("admin", ADMIN_PASSWORD);
        assertThat(t.refresh()).hasSizeGreaterThanOrEqualTo(43);
        Reply me = http.get("/v1/users/me", t.access());
        assertThat(me.status()).isEqualTo(200);
        assertThat(Json.mapper().readTree(me.body()).get("handle").asString()).isEqualTo("admin");
        assertThat(Json.mapper().readTree(me.body()).get("is_active").asBoolean())
                .isTrue();
    }

    @Test
    void anAccountSaysWhetherItIsAnAdministrators() {
        Reply admin = http.get("/v1/users/me", login("admin", ADMIN_PASSWORD).access());
        assertThat(Json.mapper().readTree(admin.body()).get("is_admin").asBoolean())
                .isTrue();
        String handle = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        newUser(handle);
        Reply plain =
                http.get("/v1/users/me", login(handle, "password-of-" + handle).access());
        assertThat(Json.mapper().readTree(plain.body()).get("is_admin").asBoolean())
                .isFalse();
    }

    @Test
    void aRefreshRotatesTheRefreshTokenWhichIsStoredOnlyAsAHash() {
        Tokens t = login("admin", ADMIN_PASSWORD);
        Reply refreshed = http.post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", t.refresh())));
        assertThat(refreshed.status()).isEqualTo(200);
        String newRefresh =
                Json.mapper().readTree(refreshed.body()).get("refresh_token").asString();
        secrets.add(newRefresh);
        assertThat(newRefresh).isNotEqualTo(t.refresh());
        assertThat(jdbc.sql("select count(*) from refresh_sessions where token_hash = ? or previous_token_hash = ?")
                        .params(t.refresh(), t.refresh())
                        .query(Long.class)
                        .single())
                .as("refresh tokens are stored only as hashes")
                .isZero();
    }

    @Test
    void aLogoutEndsTheSessionForEveryTokenOfIt() {
        Tokens t = login("admin", ADMIN_PASSWORD);
        Reply refreshed = http.post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", t.refresh())));
        String newRefresh =
                Json.mapper().readTree(refreshed.body()).get("refresh_token").asString();
        String newAccess =
                Json.mapper().readTree(refreshed.body()).get("access_token").asString();
        secrets.add(newRefresh);
        assertThat(http.post("/v1/auth/logout", newAccess, Json.write(Map.of("refresh_token", newRefresh)))
                        .status())
                .isEqualTo(204);
        assertProblem(http.get("/v1/users/me", newAccess), 401);
        assertProblem(http.get("/v1/users/me", t.access()), 401);
        assertProblem(http.post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", newRefresh))), 401);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheSession() {
        Tokens t = login("admin", ADMIN_PASSWORD);
        Reply first = http.post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", t.refresh())));
        String rotated =
                Json.mapper().readTree(first.body()).get("refresh_token").asString();
        String access = Json.mapper().readTree(first.body()).get("access_token").asString();
        assertProblem(http.post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", t.refresh()))), 401);
        assertProblem(http.post("/v1/auth/refresh", null, Json.write(Map.of("refresh_token", rotated))), 401);
        assertProblem(http.get("/v1/users/me", access), 401);
    }

    @Test
    void concurrentRefreshesWithOneTokenLetAtMostOneThrough() {
        Tokens t = login("admin", ADMIN_PASSWORD);
        String body = Json.write(Map.of("refresh_token", t.refresh()));
        var a = CompletableFuture.supplyAsync(() -> http.post("/v1/auth/refresh", null, body));
        var b = CompletableFuture.supplyAsync(() -> http.post("/v1/auth/refresh", null, body));
        long ok = List.of(a.join(), b.join()).stream()
                .filter(r -> r.status() == 200)
                .count();
        assertThat(ok).isLessThanOrEqualTo(1);
    }

    @Test
    void forgedExpiredAndForeignTokensAreRefused() {
        Tokens t = login("admin", ADMIN_PASSWORD);
        String[] parts = t.access().split("\\.");
        assertProblem(http.get("/v1/users/me", "eyJhbGciOiJub25lIn0." + parts[1] + "."), 401);
        assertProblem(http.get("/v1/users/me", parts[0] + "." + parts[1] + ".AAAA" + parts[2].substring(4)), 401);
        String sid = jdbc.sql("select id::text from refresh_sessions where revoked_at is null limit 1")
                .query(String.class)
                .single();
        String uid = jdbc.sql("select id::text from users where handle = 'admin'")
                .query(String.class)
                .single();
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
        String expired = new JwtKind(USER_KEY, "cynode-user-gateway", "cynode-user", past)
                .issue(uid, Duration.ofMinutes(15), Map.of("sid", sid));
        assertProblem(http.get("/v1/users/me", expired), 401);
        String nodeToken = new JwtKind(
                        "test-node-signing-key-0123456789abcdef",
                        "cynode-control-plane",
                        "cynode-node",
                        Clock.systemUTC())
                .issue(
                        "node-1",
                        Duration.ofMinutes(5),
                        Map.of("nid", UUID.randomUUID().toString()));
        assertProblem(http.get("/v1/users/me", nodeToken), 401);
        String wrongAudience = new JwtKind(USER_KEY, "cynode-user-gateway", "cynode-node", Clock.systemUTC())
                .issue(uid, Duration.ofMinutes(5), Map.of("sid", sid));
        assertProblem(http.get("/v1/users/me", wrongAudience), 401);
    }

    @Test
    void bruteForceIsLimitedAndUnknownUsersAnswerTheSame() {
        newUser("victim");
        Reply unknown = http.post("/v1/auth/login", null, Json.write(Map.of("handle", "nobody-here", "password", "x")));
        Reply wrong = http.post("/v1/auth/login", null, Json.write(Map.of("handle", "victim", "password", "wrong")));
        assertProblem(unknown, 401);
        assertProblem(wrong, 401);
        assertThat(Json.mapper().readTree(unknown.body()).get("detail"))
                .isEqualTo(Json.mapper().readTree(wrong.body()).get("detail"));
        Reply last = null;
        for (int i = 0; i < 5; i++) {
            last = http.post("/v1/auth/login", null, Json.write(Map.of("handle", "victim", "password", "wrong" + i)));
        }
        assertProblem(last, 429);
        assertThat(last.header("Retry-After")).isNotBlank();
        assertProblem(
                http.post(
                        "/v1/auth/login",
                        null,
                        Json.write(Map.of("handle", "victim", "password", "password-of-victim"))),
                429);
    }

    @Test
    void storedHashesAreArgon2idWithTheConfiguredParameters() {
        String hash = jdbc.sql("select c.password_hash from password_credentials c join users u on u.id = c.user_id"
                        + " where u.handle = 'admin'")
                .query(String.class)
                .single();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void anAdminCreatesUsersWithFreeHandlesAndValidPasswords() {
        newUser("carol");
        Tokens admin = login("admin", ADMIN_PASSWORD);
        assertProblem(
                http.post(
                        "/v1/users",
                        admin.access(),
                        Json.write(Map.of("handle", "carol", "password", "another-password-1"))),
                409);
        assertProblem(
                http.post("/v1/users", admin.access(), Json.write(Map.of("handle", "shorty", "password", "short"))),
                400);
        assertProblem(http.post("/v1/users/not-a-uuid/disable", admin.access(), null), 400);
    }

    @Test
    void aUserWhoIsNoAdminCannotManageUsers() {
        newUser("hank");
        Tokens hank = login("hank", "password-of-hank");
        assertProblem(
                http.post(
                        "/v1/users",
                        hank.access(),
                        Json.write(Map.of("handle", "eve", "password", "password-of-eve1"))),
                403);
    }

    @Test
    void aDisabledUserIsOutUntilEnabledAgain() {
        String id = newUser("ivy");
        Tokens admin = login("admin", ADMIN_PASSWORD);
        Tokens ivy = login("ivy", "password-of-ivy");
        assertThat(http.post("/v1/users/" + id + "/disable", admin.access(), null)
                        .status())
                .isEqualTo(200);
        assertProblem(http.get("/v1/users/me", ivy.access()), 401);
        assertProblem(
                http.post("/v1/auth/login", null, Json.write(Map.of("handle", "ivy", "password", "password-of-ivy"))),
                401);
        assertThat(jdbc.sql("select count(*) from auth_audit_log where event = 'user_disable'")
                        .query(Long.class)
                        .single())
                .isPositive();
        assertThat(http.post("/v1/users/" + id + "/enable", admin.access(), null)
                        .status())
                .isEqualTo(200);
        login("ivy", "password-of-ivy");
    }

    @Test
    void aResetPasswordAndARevocationEndTheUsersSessions() {
        String id = newUser("jack");
        Tokens admin = login("admin", ADMIN_PASSWORD);
        assertThat(http.post(
                                "/v1/users/" + id + "/reset_password",
                                admin.access(),
                                Json.write(Map.of("password", "new-password-of-jack")))
                        .status())
                .isEqualTo(204);
        secrets.add("new-password-of-jack");
        Tokens again = login("jack", "new-password-of-jack");
        assertThat(http.post("/v1/users/" + id + "/revoke_sessions", admin.access(), null)
                        .status())
                .isEqualTo(204);
        assertProblem(http.get("/v1/users/me", again.access()), 401);
    }

    @Test
    void anAdministratorListsTheUsersAndNobodyElseMay() {
        String id = newUser("lena");
        Tokens admin = login("admin", ADMIN_PASSWORD);
        Reply list = http.get("/v1/users", admin.access());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode users = Json.mapper().readTree(list.body()).get("users");
        List<String> handles = new ArrayList<>();
        users.forEach(u -> handles.add(u.get("handle").asString()));
        assertThat(handles).contains("admin", "lena").isSorted();
        assertThat(list.body()).doesNotContain("password").doesNotContain("argon");
        assertThat(users.toString()).contains(id);
        assertProblem(http.get("/v1/users", login("lena", "password-of-lena").access()), 403);
    }

    @Test
    void tasksBelongToTheirOwner(CapturedOutput output) {
        newUser("alice");
        newUser("bob");
        Tokens alice = login("alice", "password-of-alice");
        Tokens bob = login("bob", "password-of-bob");
        Reply created = http.post(
                "/v1/tasks",
                alice.access(),
                Json.write(Map.of("prompt", "echo hello", "input_mode", "commands", "task_name", "greet")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode task = Json.mapper().readTree(created.body());
        String id = task.get("task_id").asString();
        assertThat(task.get("status").asString()).isEqualTo("queued");
        String payload = jdbc.sql("select payload::text from jobs where task_id = ?::uuid")
                .param(id)
                .query(String.class)
                .single();
        // What the user asked for; only the control plane turns it into a Worker API request.
        JsonNode job = Json.mapper().readTree(payload);
        assertThat(job.get("input_mode").asString()).isEqualTo("commands");
        assertThat(job.get("commands").toString()).isEqualTo("[\"echo hello\"]");

        for (String path : List.of("/v1/tasks/" + id, "/v1/tasks/" + id + "/result", "/v1/tasks/" + id + "/logs")) {
            assertProblem(http.get(path, bob.access()), 404);
            assertThat(http.get(path, alice.access()).status()).isEqualTo(200);
        }
        assertProblem(http.post("/v1/tasks/" + id + "/cancel", bob.access(), null), 404);
        assertThat(Json.mapper()
                        .readTree(http.get("/v1/tasks", bob.access()).body())
                        .get("tasks")
                        .size())
                .isZero();
        assertThat(Json.mapper()
                        .readTree(http.get("/v1/tasks", alice.access()).body())
                        .get("tasks")
                        .size())
                .isEqualTo(1);

        Reply cancel = http.post("/v1/tasks/" + id + "/cancel", alice.access(), null);
        assertThat(Json.mapper().readTree(cancel.body()).get("canceled").asBoolean())
                .isTrue();
        assertThat(Json.mapper()
                        .readTree(http.get("/v1/tasks/" + id, alice.access()).body())
                        .get("status")
                        .asString())
                .isEqualTo("canceled");
        assertThat(jdbc.sql("select count(*) from auth_audit_log where event in ('task_create', 'task_cancel')")
                        .query(Long.class)
                        .single())
                .isGreaterThanOrEqualTo(2);

        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    @Test
    void theTaskListIsPagedNewestFirst() {
        newUser("dave");
        Tokens dave = login("dave", "password-of-dave");
        for (int i = 0; i < 3; i++) {
            http.post("/v1/tasks", dave.access(), Json.write(Map.of("prompt", "echo " + i, "input_mode", "commands")));
        }
        JsonNode page = Json.mapper()
                .readTree(http.get("/v1/tasks?limit=2", dave.access()).body());
        assertThat(page.get("tasks").size()).isEqualTo(2);
        assertThat(page.get("tasks").get(0).get("prompt").asString()).isEqualTo("echo 2");
        assertThat(page.get("next_offset").asInt()).isEqualTo(2);
        JsonNode rest = Json.mapper()
                .readTree(http.get("/v1/tasks?limit=2&offset=2", dave.access()).body());
        assertThat(rest.get("tasks").size()).isEqualTo(1);
        assertThat(rest.has("next_offset")).isFalse();
    }

    @Test
    void badTaskRequestsAreProblemsNamingWhatIsWrong() {
        newUser("gina");
        Tokens gina = login("gina", "password-of-gina");
        assertProblem(http.get("/v1/tasks?limit=201", gina.access()), 400);
        assertProblem(http.get("/v1/tasks?limit=abc", gina.access()), 400);
        assertProblem(http.post("/v1/tasks", gina.access(), "{broken"), 400);
        Reply mode = http.post("/v1/tasks", gina.access(), "{\"prompt\":\"x\",\"input_mode\":\"telepathy\"}");
        assertProblem(mode, 400);
        assertThat(Json.mapper().readTree(mode.body()).get("detail").asString()).contains("input_mode");
        assertProblem(http.post("/v1/tasks", gina.access(), "{}"), 400);
        Reply noPath = http.post("/v1/tasks", gina.access(), "{\"prompt\":\"summarize this\"}");
        assertProblem(noPath, 503);
        assertThat(noPath.body())
                .as("a prompt is the default mode, and needs a path")
                .contains("no-inference-path");
        assertThat(noPath.header("Retry-After")).isNotNull();
        assertProblem(http.get("/v1/tasks/not-a-uuid", gina.access()), 404); // a name no task of hers has
        assertProblem(http.post("/v1/tasks", gina.access(), "{\"prompt\":\"" + "x".repeat(1_100_000) + "\"}"), 413);
    }

    @Test
    void withoutATokenTasksAreRefusedAndHealthIsOpen() {
        assertProblem(http.get("/v1/tasks", null), 401);
        assertThat(http.get("/readyz", null).body()).isEqualTo("ready");
    }

    @Test
    void resultWaitsForTheTaskToEndWithoutPolling() throws Exception {
        newUser("erin");
        newUser("frank");
        Tokens erin = login("erin", "password-of-erin");
        Tokens frank = login("frank", "password-of-frank");
        String id = Json.mapper()
                .readTree(http.post(
                                "/v1/tasks",
                                erin.access(),
                                Json.write(Map.of("prompt", "echo wait", "input_mode", "commands")))
                        .body())
                .get("task_id")
                .asString();

        // Still queued after the wait: the answer comes when the wait is over, unchanged.
        long t0 = System.nanoTime();
        Reply unchanged = http.get("/v1/tasks/" + id + "/result?wait_seconds=1", erin.access());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(Json.mapper().readTree(unchanged.body()).get("status").asString())
                .isEqualTo("queued");

        // Ended by someone else (as the control plane does, by a plain update): the waiter wakes.
        CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(
                () -> http.get("/v1/tasks/" + id + "/result?wait_seconds=30", erin.access()));
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        long ended = System.nanoTime();
        jdbc.sql("update jobs set status = 'completed', result = cast(? as jsonb) where task_id = ?::uuid")
                .params("{\"stdout\": \"wait\\n\"}", id)
                .update();
        jdbc.sql("update tasks set status = 'completed' where id = ?::uuid")
                .param(id)
                .update();
        Reply done = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - ended)).isLessThan(Duration.ofSeconds(2));
        JsonNode body = Json.mapper().readTree(done.body());
        assertThat(body.get("status").asString()).isEqualTo("completed");
        assertThat(body.get("jobs").get(0).get("result").get("stdout").asString())
                .isEqualTo("wait\n");

        assertProblem(http.get("/v1/tasks/" + id + "/result?wait_seconds=5", frank.access()), 404);
        assertProblem(http.get("/v1/tasks/" + id + "/result?wait_seconds=61", erin.access()), 400);
        assertProblem(http.get("/v1/tasks/" + id + "/result?wait_seconds=-1", erin.access()), 400);
        assertProblem(http.get("/v1/tasks/" + id + "/result?wait_seconds=soon", erin.access()), 400);
    }

    @Test
    void theApiDescriptionStatesASummaryATagAndTheErrorsOfEveryOperation() {
        assertThat(OpenApiChecks.shortcomingsOf(new TestHttp("http://127.0.0.1:" + managementPort)))
                .isEmpty();
    }

    @Test
    void metricsAndTheApiDescriptionAreOnlyOnTheLoopbackManagementPort() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(OpenApiChecks.exposureOf(http, new TestHttp("http://127.0.0.1:" + managementPort)))
                .isEmpty();
    }
}
