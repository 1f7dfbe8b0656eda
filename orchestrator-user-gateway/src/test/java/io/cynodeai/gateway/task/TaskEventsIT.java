package io.cynodeai.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.jobs.TaskEvents;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Following a task live (tasks.md §4) through the gateway on a real PostgreSQL. No control plane
 * runs here: its part (output appended as the Worker API streams it, the job's end) is done the
 * way it does it, through {@link TaskEvents} and a status update.
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
class TaskEventsIT {
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskEvents events;

    TestHttp http;
    String me;

    /** One server-sent event as read. */
    record Event(String id, String name, JsonNode data) {}

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
        me = newUser();
    }

    String newUser() {
        return Users.newUser(http, "follower");
    }

    UUID task(String name) {
        Reply r = http.post(
                "/v1/tasks",
                me,
                Json.write(Map.of("input_mode", "commands", "commands", List.of("x"), "task_name", name)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(Json.mapper().readTree(r.body()).get("task_id").asString());
    }

    /** Ends the task as the control plane does: the job's result, then the status (its trigger writes the event). */
    void end(UUID task, String status, int exitCode) {
        jdbc.sql("update jobs set status = ?, result = cast(? as jsonb), ended_at = now() where task_id = ?")
                .params(status, "{\"exit_code\":" + exitCode + ",\"stdout\":\"\",\"stderr\":\"\"}", task)
                .update();
        jdbc.sql("update tasks set status = ? where id = ?")
                .params(status, task)
                .update();
    }

    /** Reads the events of a task until {@code end} (or the stream closes). */
    List<Event> follow(String ref, String lastEventId, List<Event> sink) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/tasks/" + ref + "/events"))
                .header("Authorization", "Bearer " + me)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> r =
                HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        String id = null;
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
            String line = it.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    sink.add(new Event(id, name, Json.mapper().readTree(data.toString())));
                    if (name.equals("end")) {
                        break;
                    }
                }
                id = null;
                name = "message";
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        }
        return sink;
    }

    static List<String> summary(List<Event> events) {
        List<String> s = new ArrayList<>();
        for (Event e : events) {
            s.add(
                    switch (e.name()) {
                        case "status" -> "status:" + e.data().get("status").asString();
                        case "output" ->
                            "output:" + e.data().get("stream").asString() + ":"
                                    + e.data().get("text").asString();
                        default ->
                            e.name() + ":" + e.data().get("status").asString()
                                    + (e.data().has("exit_code")
                                            ? ":" + e.data().get("exit_code").asInt()
                                            : "");
                    });
        }
        return s;
    }

    @Test
    void aFollowerSeesOutputWhileTheTaskRunsThenItsEnd() throws Exception {
        UUID task = task("live");
        List<Event> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<List<Event>> following = CompletableFuture.supplyAsync(() -> {
            try {
                return follow("live", null, seen);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> seen.size() == 1);
        jdbc.sql("update tasks set status = 'running' where id = ?").param(task).update();
        events.output(task, "stdout", "first line\n");
        // The output arrives while the task runs, not at its end.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .until(() -> seen.size() == 3);
        assertThat(following).isNotDone();
        events.output(task, "stderr", "a warning\n");
        end(task, "failed", 3);
        // The end comes with the task's end, not with the next heartbeat.
        List<Event> all = following.get(TaskEventsController.HEARTBEAT.toSeconds() / 3, TimeUnit.SECONDS);
        assertThat(summary(all))
                .containsExactly(
                        "status:queued",
                        "status:running",
                        "output:stdout:first line\n",
                        "output:stderr:a warning\n",
                        "status:failed",
                        "end:failed:3");
        assertThat(all.getFirst().data().get("at").asString()).isNotBlank();
    }

    @Test
    void aFollowerAfterTheEndGetsEverythingAtOnceAndLastEventIdResumesWithoutRepeats() throws Exception {
        UUID task = task("ended");
        events.output(task, "stdout", "one\n");
        events.output(task, "stdout", "two\n");
        end(task, "completed", 0);
        List<Event> all = follow(task.toString(), null, new ArrayList<>());
        assertThat(summary(all))
                .containsExactly(
                        "status:queued",
                        "output:stdout:one\n",
                        "output:stdout:two\n",
                        "status:completed",
                        "end:completed:0");
        List<Event> resumed = follow("ended", all.get(1).id(), new ArrayList<>());
        assertThat(summary(resumed)).containsExactly("output:stdout:two\n", "status:completed", "end:completed:0");
    }

    @Test
    void aQuietStreamCarriesAHeartbeat() throws Exception {
        task("quiet");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tasks/quiet/events"))
                .header("Authorization", "Bearer " + me)
                .build();
        HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        long t0 = System.nanoTime();
        CompletableFuture<String> heartbeat = CompletableFuture.supplyAsync(
                () -> r.body().filter(l -> l.startsWith(":")).findFirst().orElse(null));
        String comment = heartbeat.get(TaskEventsController.HEARTBEAT.toSeconds() + 5, TimeUnit.SECONDS);
        assertThat(comment).contains("heartbeat");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
                .isGreaterThan(TaskEventsController.HEARTBEAT.minusSeconds(2));
    }

    @Test
    void anotherUsersTaskIsNotFoundByIdOrName() {
        UUID task = task("private");
        String other = newUser();
        for (String ref : List.of(task.toString(), "private")) {
            Reply r = http.get("/v1/tasks/" + ref + "/events", other);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void aLastEventIdThatIsNotOneIsFromTheStart() {
        assertThat(TaskEventsController.seq(null)).isZero();
        assertThat(TaskEventsController.seq("17")).isEqualTo(17);
        assertThat(TaskEventsController.seq("junk")).isZero();
        assertThat(TaskEventsController.seq("-5")).isZero();
    }
}
