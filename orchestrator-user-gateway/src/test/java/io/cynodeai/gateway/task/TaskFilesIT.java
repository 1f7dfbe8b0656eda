package io.cynodeai.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobStatus;
import io.cynodeai.jobs.TaskRetention;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.StoredBlob;
import io.cynodeai.jobs.files.TaskFile;
import io.cynodeai.jobs.files.TaskFiles;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
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
 * Files in and out of a task (tasks.md §5) through the gateway on a real PostgreSQL, its large
 * objects the store: attachments in both forms and every rule on them, artifacts listed and
 * downloaded (ETag, ranges), another user's not found, and the retention deleting both. No
 * control plane runs here: a job's end and its artifacts are stored as the control plane stores
 * them.
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
class TaskFilesIT {
    static final String BOUNDARY = "it-boundary-7";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Blobs blobs;

    @Autowired
    TaskFiles files;

    @Autowired
    JobLifecycle lifecycle;

    @Autowired
    TaskRetention retention;

    TestHttp http;
    String me;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
        me = Users.newUser(http, "filer");
    }

    static Map<String, Object> attachment(String name, byte[] bytes) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", name);
        a.put("content_base64", Base64.getEncoder().encodeToString(bytes));
        return a;
    }

    Reply createJson(List<Map<String, Object>> attachments) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input_mode", "commands");
        body.put("commands", List.of("ls /workspace/attachments"));
        body.put("attachments", attachments);
        return http.post("/v1/tasks", me, Json.write(body));
    }

    /** A multipart create request: the request part, then one part per (file name, bytes). */
    Reply createMultipart(String requestJson, List<Map.Entry<String, byte[]>> parts) {
        return createMultipart("", requestJson, parts);
    }

    /** @param requestFileName {@code ; filename="…"} when the client sends the request part as a file */
    Reply createMultipart(String requestFileName, String requestJson, List<Map.Entry<String, byte[]>> parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"request\"" + requestFileName
                        + "\r\n" + "Content-Type: application/json\r\n\r\n" + requestJson + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (var p : parts) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\""
                            + p.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(p.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(http.builder("/v1/tasks", me)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    static final String COMMANDS = "{\"input_mode\":\"commands\",\"commands\":[\"true\"]}";

    long largeObjects() {
        return jdbc.sql("select count(*) from pg_largeobject_metadata")
                .query(Long.class)
                .single();
    }

    long tasksOfMine() {
        return Json.mapper()
                .readTree(http.get("/v1/tasks", me).body())
                .get("tasks")
                .size();
    }

    @Test
    void jsonAttachmentsAreStoredWithTheTaskAndListedByPathElseName() {
        Map<String, Object> data = attachment("data.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        data.put("path", "tmp/data.csv");
        Reply r = createJson(List.of(data, attachment("notes.txt", "hi".getBytes(StandardCharsets.UTF_8))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode task = Json.mapper().readTree(r.body());
        assertThat(task.get("attachments").toString()).isEqualTo("[\"tmp/data.csv\",\"notes.txt\"]");
        List<TaskFile> stored =
                files.attachments(UUID.fromString(task.get("task_id").asString()));
        assertThat(stored).extracting(TaskFile::name).containsExactly("data.csv", "notes.txt");
        assertThat(stored.getFirst().sha256()).isEqualTo(io.cynodeai.contracts.hash.Sha256.hex("a,b\n1,2\n"));
        assertThat(stored.getFirst().blob()).startsWith("pg-lo:");
        assertThat(jdbc.sql("select count(*) from blob_garbage where blob = ?")
                        .param(stored.getFirst().blob())
                        .query(Long.class)
                        .single())
                .as("a named blob is not garbage")
                .isZero();
        String payload = jdbc.sql("select payload::text from jobs where task_id = ?::uuid")
                .param(task.get("task_id").asString())
                .query(String.class)
                .single();
        assertThat(Json.mapper().readTree(payload).get("attachments").asInt()).isEqualTo(2);
    }

    @Test
    void multipartAttachmentsAreStoredTooWithTheirPaths() {
        String request = "{\"input_mode\":\"commands\",\"commands\":[\"true\"],"
                + "\"attachments\":[{\"name\":\"a.bin\",\"path\":\"./in/a.bin\"}]}";
        Reply r = createMultipart(request, List.of(Map.entry("a.bin", new byte[] {1, 2, 3})));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode task = Json.mapper().readTree(r.body());
        assertThat(task.get("attachments").get(0).asString()).isEqualTo("./in/a.bin");
        assertThat(files.attachments(UUID.fromString(task.get("task_id").asString())))
                .singleElement()
                .satisfies(f -> assertThat(f.sizeBytes()).isEqualTo(3));
    }

    @Test
    void aRequestPartSentAsAFileIsTheRequestNotAnAttachment() {
        Reply r = createMultipart("; filename=\"task.json\"", COMMANDS, List.of(Map.entry("x.txt", new byte[] {1})));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(Json.mapper().readTree(r.body()).get("attachments").toString())
                .isEqualTo("[\"x.txt\"]");
    }

    @Test
    void namesThatAreNotPlainFileNamesAre400AndNothingIsStored() {
        long before = largeObjects();
        for (String bad : List.of("../x", "a/b", "..", "a\u0001b", "", "x".repeat(256), "a\\b")) {
            Reply r = createJson(List.of(attachment(bad, new byte[] {1})));
            TasksV2IT.assertProblem(r, 400, "attachments[0].name");
        }
        Reply twice = createJson(List.of(attachment("same", new byte[] {1}), attachment("same", new byte[] {2})));
        TasksV2IT.assertProblem(twice, 400, "attachments[1].name");
        Reply multipart = createMultipart(COMMANDS, List.of(Map.entry("..", new byte[] {1})));
        TasksV2IT.assertProblem(multipart, 400, "attachments[0].name");
        assertThat(largeObjects()).isEqualTo(before);
        assertThat(tasksOfMine()).isZero();
    }

    @Test
    void tooManyOrTooLargeIs413BeforeAnythingIsStored() {
        long before = largeObjects();
        List<Map<String, Object>> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add(attachment("f" + i, new byte[] {(byte) i}));
        }
        TasksV2IT.assertProblem(createJson(seventeen), 413, null);
        byte[] big = new byte[(10 << 20) + 1];
        TasksV2IT.assertProblem(createJson(List.of(attachment("big.bin", big))), 413, null);
        TasksV2IT.assertProblem(createMultipart(COMMANDS, List.of(Map.entry("big.bin", big))), 413, null);
        List<Map.Entry<String, byte[]>> parts = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            parts.add(Map.entry("p" + i, new byte[] {1}));
        }
        TasksV2IT.assertProblem(createMultipart(COMMANDS, parts), 413, null);
        assertThat(largeObjects()).isEqualTo(before);
        assertThat(tasksOfMine()).isZero();
    }

    @Test
    void aPromptTakesNoAttachments() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", "what is in it?");
        body.put("attachments", List.of(attachment("x.txt", new byte[] {1})));
        TasksV2IT.assertProblem(http.post("/v1/tasks", me, Json.write(body)), 400, null);
    }

    @Test
    void anUploadCutOffMidwayLeavesNothingBehind() {
        long before = largeObjects();
        String whole = Json.write(Map.of(
                "input_mode", "commands",
                "commands", List.of("true"),
                "attachments", List.of(attachment("cut.bin", new byte[64 << 10]))));
        Reply r = http.post("/v1/tasks", me, whole.substring(0, whole.length() / 2));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(largeObjects()).isEqualTo(before);
        assertThat(tasksOfMine()).isZero();
    }

    /** A task of mine that ended with one artifact, stored as the control plane stores it. */
    record Ended(String taskId, String artifactId, byte[] bytes) {}

    Ended endedWithArtifact(byte[] bytes) throws Exception {
        Reply r = http.post("/v1/tasks", me, COMMANDS);
        assertThat(r.status()).isEqualTo(201);
        UUID task =
                UUID.fromString(Json.mapper().readTree(r.body()).get("task_id").asString());
        UUID node = UUID.randomUUID();
        jdbc.sql("insert into nodes (id, slug, max_concurrency) values (?, ?, 64)")
                .params(node, "node-" + node.toString().substring(0, 8))
                .update();
        Claim claim = lifecycle.claim(node, Duration.ofMinutes(1), 100).stream()
                .filter(c -> c.taskId().equals(task))
                .findFirst()
                .orElseThrow();
        StoredBlob blob = blobs.put(new ByteArrayInputStream(bytes), bytes.length, bytes.length);
        assertThat(files.complete(
                        claim,
                        JobStatus.COMPLETED,
                        "{\"status\":\"completed\"}",
                        "completed",
                        List.of(new TaskFile.New("report/out.txt", null, "text/plain", blob))))
                .isTrue();
        String artifact = Json.mapper()
                .readTree(http.get("/v1/tasks/" + task + "/artifacts", me).body())
                .get("artifacts")
                .get(0)
                .get("artifact_id")
                .asString();
        return new Ended(task.toString(), artifact, bytes);
    }

    @Test
    void artifactsAreListedAndDownloadedWithTheirHashAsETag() throws Exception {
        Ended e = endedWithArtifact("the report\n".getBytes(StandardCharsets.UTF_8));
        JsonNode list = Json.mapper()
                .readTree(http.get("/v1/tasks/" + e.taskId() + "/artifacts", me).body());
        JsonNode a = list.get("artifacts").get(0);
        assertThat(a.get("name").asString()).isEqualTo("report/out.txt");
        assertThat(a.get("size_bytes").asLong()).isEqualTo(11);
        assertThat(a.get("content_type").asString()).isEqualTo("text/plain");
        assertThat(a.get("sha256").asString()).isEqualTo(io.cynodeai.contracts.hash.Sha256.hex("the report\n"));
        Reply d = http.get("/v1/tasks/" + e.taskId() + "/artifacts/" + e.artifactId(), me);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.body()).isEqualTo("the report\n");
        assertThat(d.header("ETag")).isEqualTo("\"" + a.get("sha256").asString() + "\"");
        assertThat(d.header("Content-Disposition")).contains("attachment").contains("out.txt");
        assertThat(d.header("Content-Length")).isEqualTo("11");
        assertThat(d.header("Content-Security-Policy"))
                .as("never a page of this origin")
                .startsWith("sandbox");
        Reply again = http.send(http.builder("/v1/tasks/" + e.taskId() + "/artifacts/" + e.artifactId(), me)
                .header("If-None-Match", d.header("ETag"))
                .GET());
        assertThat(again.status()).isEqualTo(304);
    }

    @Test
    void aRangeIsServedAsPartialContentAndOneBeyondTheEndIs416() throws Exception {
        Ended e = endedWithArtifact("0123456789".getBytes(StandardCharsets.UTF_8));
        String path = "/v1/tasks/" + e.taskId() + "/artifacts/" + e.artifactId();
        Reply part =
                http.send(http.builder(path, me).header("Range", "bytes=2-5").GET());
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("2345");
        assertThat(part.header("Content-Range")).isEqualTo("bytes 2-5/10");
        Reply suffix =
                http.send(http.builder(path, me).header("Range", "bytes=-3").GET());
        assertThat(suffix.body()).isEqualTo("789");
        Reply beyond =
                http.send(http.builder(path, me).header("Range", "bytes=20-").GET());
        TasksV2IT.assertProblem(beyond, 416, null);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */10");
        Reply stale = http.send(http.builder(path, me)
                .header("Range", "bytes=2-5")
                .header("If-Range", "\"other\"")
                .GET());
        assertThat(stale.status())
                .as("an If-Range that does not match: the whole file")
                .isEqualTo(200);
        assertThat(stale.body()).isEqualTo("0123456789");
    }

    @Test
    void anotherUsersArtifactsAreNotFound() throws Exception {
        Ended e = endedWithArtifact(new byte[] {7});
        String other = Users.newUser(http, "other");
        TasksV2IT.assertProblem(http.get("/v1/tasks/" + e.taskId() + "/artifacts", other), 404, null);
        TasksV2IT.assertProblem(http.get("/v1/tasks/" + e.taskId() + "/artifacts/" + e.artifactId(), other), 404, null);
        TasksV2IT.assertProblem(http.get("/v1/tasks/" + e.taskId() + "/artifacts/" + UUID.randomUUID(), me), 404, null);
        TasksV2IT.assertProblem(http.get("/v1/tasks/" + e.taskId() + "/artifacts/not-an-id", me), 404, null);
    }

    @Test
    void theRetentionDeletesAnEndedTaskWithItsFilesAndTheSweepTheirBytes() throws Exception {
        Ended e = endedWithArtifact(new byte[] {1, 2, 3});
        long before = largeObjects();
        jdbc.sql("update tasks set updated_at = now() - interval '40 days' where id = ?::uuid")
                .param(e.taskId())
                .update();
        assertThat(retention.deleteEnded(Duration.ofDays(30), 100)).isGreaterThanOrEqualTo(1);
        assertThat(http.get("/v1/tasks/" + e.taskId(), me).status()).isEqualTo(404);
        assertThat(blobs.sweep(100)).isGreaterThanOrEqualTo(1);
        assertThat(largeObjects()).isEqualTo(before - 1);
    }
}
