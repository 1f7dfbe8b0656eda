package io.cynodeai.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Tasks version 2 (tasks.md §1–3) through the gateway on a real PostgreSQL: input modes, names,
 * status-filtered cursor paging, the result's top-level output and logs by stream. No control
 * plane runs here: a job's end is written as the control plane writes it.
 */
@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.flyway.enabled=true",
            "cynode.auth.signing-key=test-user-signing-key-0123456789abcdef",
            "cynode.auth.bootstrap-admin-password=" + Users.ADMIN_PASSWORD,
            "cynode.auth.max-failures-per-handle=5"
        })
class TasksV2IT {
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    String me;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
        me = newUser();
    }

    String newUser() {
        return Users.newUser(http, "tasker");
    }

    JsonNode create(String token, Map<String, ?> body) {
        Reply r = http.post("/v1/tasks", token, Json.write(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Json.mapper().readTree(r.body());
    }

    JsonNode get(String path) {
        Reply r = http.get(path, me);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    JsonNode payload(JsonNode task) {
        return Json.mapper()
                .readTree(jdbc.sql("select payload::text from jobs where task_id = ?::uuid")
                        .param(task.get("task_id").asString())
                        .query(String.class)
                        .single());
    }

    /** A 4xx problem naming {@code field}, with no trace of the server's insides. */
    static void assertProblem(Reply r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
        if (field != null) {
            assertThat(Json.mapper().readTree(r.body()).path("field").asString())
                    .as(r.body())
                    .isEqualTo(field);
        }
    }

    /** Ends the task's job as the control plane does: its result, the node that ran it, then the task. */
    void endAs(JsonNode task, String taskStatus, String result) {
        UUID node = UUID.randomUUID();
        jdbc.sql("insert into nodes (id, slug, max_concurrency) values (?, ?, 64)")
                .params(node, "node-" + node.toString().substring(0, 8))
                .update();
        String id = task.get("task_id").asString();
        jdbc.sql("update jobs set status = ?, node_id = ?, result = cast(? as jsonb), started_at = now(),"
                        + " ended_at = now() where task_id = ?::uuid")
                .params(taskStatus, node, result, id)
                .update();
        jdbc.sql("update tasks set status = ? where id = ?::uuid")
                .params(taskStatus, id)
                .update();
    }

    @Test
    void aUserWithTheMostTasksWaitingIsToldToComeBackLater() {
        String who = newUser();
        UUID owner = UUID.fromString(Json.mapper()
                .readTree(http.get("/v1/users/me", who).body())
                .get("id")
                .asString());
        // 1,000 tasks waiting, as the job lifecycle would have queued them.
        jdbc.sql("insert into tasks (id, owner_id, prompt, input_mode, status)"
                        + " select gen_random_uuid(), ?, 'true', 'commands', 'queued' from generate_series(1, 1000)")
                .param(owner)
                .update();
        try {
            Reply r = http.post("/v1/tasks", who, Json.write(Map.of("input_mode", "commands", "prompt", "true")));
            assertProblem(r, 429, null);
            assertThat(r.header("Retry-After")).isEqualTo("30");
            assertThat(create(me, Map.of("input_mode", "commands", "prompt", "true"))
                            .get("status")
                            .asString())
                    .as("another user")
                    .isEqualTo("queued");
        } finally {
            jdbc.sql("update tasks set status = 'canceled' where owner_id = ? and status = 'queued'")
                    .param(owner)
                    .update();
        }
    }

    @Test
    void aScriptIsStoredAsItsJobRunsIt() {
        JsonNode task = create(me, Map.of("input_mode", "script", "script", "#!/bin/sh\necho one\necho two\n"));
        assertThat(task.get("input_mode").asString()).isEqualTo("script");
        assertThat(task.get("attachments").isArray()).isTrue();
        JsonNode job = payload(task);
        assertThat(job.get("input_mode").asString()).isEqualTo("script");
        assertThat(job.get("script").asString()).isEqualTo("#!/bin/sh\necho one\necho two\n");
    }

    @Test
    void commandsKeepTheirOrderAndAPhase1LineIsOneCommand() {
        JsonNode list = create(
                me,
                Map.of(
                        "input_mode",
                        "commands",
                        "commands",
                        List.of("echo a", "false", "echo c"),
                        "timeout_seconds",
                        7));
        JsonNode job = payload(list);
        assertThat(job.get("commands").toString()).isEqualTo("[\"echo a\",\"false\",\"echo c\"]");
        assertThat(job.get("timeout_seconds").asInt()).isEqualTo(7);

        JsonNode phase1 = create(me, Map.of("input_mode", "commands", "prompt", "echo phase one"));
        assertThat(payload(phase1).get("commands").toString()).isEqualTo("[\"echo phase one\"]");
    }

    @Test
    void anInputThatDoesNotMatchItsModeIsRefusedNamingTheField() {
        assertProblem(http.post("/v1/tasks", me, "{\"input_mode\":\"script\",\"prompt\":\"x\"}"), 400, "prompt");
        assertProblem(
                http.post("/v1/tasks", me, "{\"input_mode\":\"commands\",\"commands\":[\"a\"],\"script\":\"b\"}"),
                400,
                "script");
        assertProblem(http.post("/v1/tasks", me, "{\"input_mode\":\"script\"}"), 400, "script");
        assertProblem(http.post("/v1/tasks", me, "{\"input_mode\":\"commands\",\"commands\":[]}"), 400, "commands");
        assertProblem(
                http.post("/v1/tasks", me, "{\"input_mode\":\"commands\",\"commands\":[\"ok\",\" \"]}"),
                400,
                "commands[1]");
        assertProblem(
                http.post(
                        "/v1/tasks",
                        me,
                        Json.write(Map.of("input_mode", "commands", "commands", Collections.nCopies(65, "true")))),
                400,
                "commands");
        assertProblem(
                http.post("/v1/tasks", me, "{\"input_mode\":\"commands\",\"commands\":[\"a\"],\"task_name\":\"***\"}"),
                400,
                "task_name");
        assertProblem(
                http.post("/v1/tasks", me, "{\"input_mode\":\"commands\",\"commands\":[\"a\"],\"timeout_seconds\":0}"),
                400,
                "timeout_seconds");
        assertProblem(
                http.post("/v1/tasks", me, "{\"input_mode\":\"script\",\"script\":\"a\",\"use_inference\":true}"),
                422,
                null);
        assertThat(get("/v1/tasks").get("tasks").size())
                .as("nothing refused was stored")
                .isZero();
    }

    @Test
    void anInputOverItsModesLimitIs413() {
        assertProblem(
                http.post("/v1/tasks", me, Json.write(Map.of("input_mode", "script", "script", "x".repeat(262_145)))),
                413,
                null);
        assertProblem(
                http.post(
                        "/v1/tasks",
                        me,
                        Json.write(Map.of(
                                "input_mode",
                                "commands",
                                "commands",
                                List.of("x".repeat(40_000), "y".repeat(30_000))))),
                413,
                null);
        assertThat(create(me, Map.of("input_mode", "script", "script", "x".repeat(262_144)))
                        .get("status")
                        .asString())
                .as("at the limit is within it")
                .isEqualTo("queued");
    }

    @Test
    void aNameIsNormalisedAndATakenOneGetsASuffix() {
        assertThat(create(
                                me,
                                Map.of(
                                        "commands",
                                        List.of("true"),
                                        "input_mode",
                                        "commands",
                                        "task_name",
                                        "  My Build!! "))
                        .get("task_name")
                        .asString())
                .isEqualTo("my-build");
        assertThat(create(me, Map.of("commands", List.of("true"), "input_mode", "commands", "task_name", "my build"))
                        .get("task_name")
                        .asString())
                .isEqualTo("my-build-2");
        assertThat(create(me, Map.of("commands", List.of("true"), "input_mode", "commands"))
                        .get("task_name")
                        .asString())
                .matches("task-[0-9]+");
        assertThat(create(
                                newUser(),
                                Map.of("commands", List.of("true"), "input_mode", "commands", "task_name", "My Build"))
                        .get("task_name")
                        .asString())
                .as("names are unique per user only")
                .isEqualTo("my-build");
    }

    @Test
    void everyTaskEndpointTakesANameAndAnotherUsersNameIs404() {
        JsonNode task =
                create(me, Map.of("commands", List.of("echo hi"), "input_mode", "commands", "task_name", "nightly"));
        String id = task.get("task_id").asString();
        assertThat(get("/v1/tasks/nightly").get("task_id").asString()).isEqualTo(id);
        assertThat(get("/v1/tasks/nightly/result").get("task_name").asString()).isEqualTo("nightly");
        assertThat(get("/v1/tasks/nightly/logs").get("task_id").asString()).isEqualTo(id);

        String other = newUser();
        for (String path : List.of("/v1/tasks/nightly", "/v1/tasks/nightly/result", "/v1/tasks/nightly/logs")) {
            assertProblem(http.get(path, other), 404, null);
        }
        assertProblem(http.post("/v1/tasks/nightly/cancel", other, null), 404, null);
        assertProblem(http.post("/v1/tasks/" + id + "/cancel", other, null), 404, null);

        Reply cancel = http.post("/v1/tasks/nightly/cancel", me, null);
        assertThat(Json.mapper().readTree(cancel.body()).get("canceled").asBoolean())
                .isTrue();
        assertThat(get("/v1/tasks/" + id).get("status").asString()).isEqualTo("canceled");
    }

    @Test
    void theListIsFilteredByStatusBeforePagingAndPagedByCursor() {
        List<String> canceled = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode t = create(me, Map.of("input_mode", "commands", "commands", List.of("echo " + i)));
            if (i % 2 == 0) {
                http.post("/v1/tasks/" + t.get("task_id").asString() + "/cancel", me, null);
                canceled.addFirst(t.get("task_id").asString());
            }
        }
        List<String> seen = new ArrayList<>();
        JsonNode page = get("/v1/tasks?status=canceled&limit=2");
        page.get("tasks").forEach(t -> seen.add(t.get("task_id").asString()));
        assertThat(page.get("next_cursor").isString()).isTrue();
        // A task created between pages does not shift the next page.
        create(me, Map.of("input_mode", "commands", "commands", List.of("echo late")));
        JsonNode next = get("/v1/tasks?status=canceled&limit=2&cursor="
                + page.get("next_cursor").asString());
        next.get("tasks").forEach(t -> seen.add(t.get("task_id").asString()));
        assertThat(next.get("next_cursor").isNull()).as("the last page says so").isTrue();
        assertThat(seen).isEqualTo(canceled);

        JsonNode queued = get("/v1/tasks?status=queued");
        assertThat(queued.get("tasks").size()).isEqualTo(3);
        assertThat(queued.get("tasks").get(0).get("prompt").asString()).isEqualTo("echo late");
    }

    @Test
    void badListParametersAre400NamingThem() {
        assertProblem(http.get("/v1/tasks?limit=201", me), 400, "limit");
        assertProblem(http.get("/v1/tasks?limit=0", me), 400, "limit");
        assertProblem(http.get("/v1/tasks?status=sleeping", me), 400, "status");
        assertProblem(http.get("/v1/tasks?cursor=bm90LWEtY3Vyc29y", me), 400, "cursor");
        assertProblem(http.get("/v1/tasks?cursor=%25%25", me), 400, "cursor");
        assertProblem(http.get("/v1/tasks?offset=-1", me), 400, "offset");
        assertThat(get("/v1/tasks?limit=200").get("tasks").isArray()).isTrue();
    }

    @Test
    void anEndedTasksResultCarriesItsLastJobsOutputExitCodeAndNode() {
        JsonNode task = create(me, Map.of("input_mode", "commands", "commands", List.of("echo hi", "exit 3")));
        JsonNode running = get("/v1/tasks/" + task.get("task_id").asString() + "/result");
        assertThat(running.has("stdout")).as("no output before the end").isFalse();
        endAs(task, "failed", "{\"status\":\"failed\",\"exit_code\":3,\"stdout\":\"hi\\n\",\"stderr\":\"oops\\n\"}");

        JsonNode result = get("/v1/tasks/" + task.get("task_id").asString() + "/result");
        assertThat(result.get("task_name").asString())
                .isEqualTo(task.get("task_name").asString());
        assertThat(result.get("stdout").asString()).isEqualTo("hi\n");
        assertThat(result.get("stderr").asString()).isEqualTo("oops\n");
        assertThat(result.get("exit_code").asInt()).isEqualTo(3);
        assertThat(result.get("jobs").get(0).get("node_slug").asString()).startsWith("node-");
        assertThat(result.get("jobs").get(0).get("result").get("exit_code").asInt())
                .as("the Phase 1 shape stays")
                .isEqualTo(3);

        JsonNode ended = get("/v1/tasks/" + task.get("task_id").asString());
        assertThat(ended.get("exit_code").asInt()).isEqualTo(3);
        assertThat(ended.get("ended_at").isString()).isTrue();
    }

    @Test
    void logsAreReadByStream() {
        JsonNode task = create(me, Map.of("input_mode", "commands", "commands", List.of("x"), "task_name", "noisy"));
        endAs(task, "completed", "{\"exit_code\":0,\"stdout\":\"one\\ntwo\\n\",\"stderr\":\"warn\\n\"}");

        JsonNode out = get("/v1/tasks/noisy/logs?stream=stdout");
        assertThat(out.get("stream").asString()).isEqualTo("stdout");
        assertThat(out.get("lines").toString()).isEqualTo("[\"one\",\"two\"]");
        assertThat(out.has("stderr")).isFalse();
        JsonNode err = get("/v1/tasks/noisy/logs?stream=stderr");
        assertThat(err.get("lines").toString()).isEqualTo("[\"warn\"]");
        assertThat(err.has("stdout")).isFalse();
        JsonNode all = get("/v1/tasks/noisy/logs");
        assertThat(all.get("stream").asString()).isEqualTo("all");
        assertThat(all.get("lines").size()).isEqualTo(3);
        assertThat(all.get("stdout").asString()).isEqualTo("one\ntwo\n");
        assertThat(all.get("task_name").asString()).isEqualTo("noisy");
        assertProblem(http.get("/v1/tasks/noisy/logs?stream=both", me), 400, "stream");
    }
}
