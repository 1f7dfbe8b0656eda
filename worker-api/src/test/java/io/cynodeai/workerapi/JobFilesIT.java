package io.cynodeai.workerapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.testsupport.TestEngine;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A job's files through the Worker API against the real engine (tasks.md §5): attachments
 * placed read-only before the job starts and checked against what the request says; artifacts
 * collected from {@code /workspace/out/} within their limits, links not followed, fetched and
 * then forgotten.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "cynode.sandbox.max-memory=64MB",
            "cynode.sandbox.max-concurrency=2",
            "cynode.sandbox.max-workspace=64MB",
            "cynode.sandbox.cgroup-parent=/cynode_it_sandboxes",
            "cynode.sandbox.allowed-images=cynode-sandbox:latest"
        })
class JobFilesIT {
    static final Path STATE = WorkerTestState.create("worker-files-it");
    static final String TOKEN = "test-worker-token-" + UUID.randomUUID();
    static final String BOUNDARY = "files-it-boundary";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        WorkerTestState.register(registry, STATE);
    }

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() throws IOException {
        WorkerTestState.writeToken(STATE, TOKEN, Instant.now().plus(Duration.ofHours(1)));
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    @AfterEach
    void noContainerLeft() {
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(TestEngine.managedContainers()).isEmpty());
    }

    static String request(String jobId, String script, List<Map<String, Object>> attachments, Integer maxFiles) {
        return request(UUID.randomUUID().toString(), jobId, script, attachments, maxFiles);
    }

    static String request(
            String taskId, String jobId, String script, List<Map<String, Object>> attachments, Integer maxFiles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", 1);
        body.put("task_id", taskId);
        body.put("job_id", jobId);
        body.put("sandbox", Map.of("image", "cynode-sandbox:latest", "command", List.of("sh", "-c", script)));
        if (attachments != null) {
            body.put("attachments", attachments);
        }
        if (maxFiles != null) {
            body.put("artifacts", Map.of("max_files", maxFiles, "max_bytes", 1 << 20));
        }
        return Json.write(body);
    }

    static Map<String, Object> ref(String name, byte[] bytes) {
        return Map.of(
                "name",
                name,
                "size_bytes",
                bytes.length,
                "sha256",
                HexFormat.of().formatHex(Sha256.of(bytes)));
    }

    Reply multipart(String requestJson, Map<String, byte[]> files) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + requestJson + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        files.forEach((name, bytes) -> {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\""
                            + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(http.builder("/v1/worker/jobs:run", TOKEN)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    RunJobResult ran(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.read(r.body(), RunJobResult.class);
    }

    @Test
    void attachmentsAreThereBeforeTheJobStartsAndCannotBeChanged() {
        byte[] data = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        String job = UUID.randomUUID().toString();
        RunJobResult r = ran(multipart(
                request(
                        job,
                        "wc -l < /workspace/attachments/data.txt; echo x > /workspace/attachments/data.txt;"
                                + " echo write=$?; rm -f /workspace/attachments/data.txt; echo rm=$?;"
                                + " touch /workspace/attachments/new; echo new=$?",
                        List.of(ref("data.txt", data)),
                        null),
                Map.of("data.txt", data)));
        assertThat(r.stdout()).isEqualTo("2\nwrite=1\nrm=1\nnew=1\n");
        assertThat(r.artifacts()).as("none asked for").isNull();
        assertThat(STATE.resolve("workspaces/.files/" + job + "/in")).doesNotExist();
    }

    @Test
    void anAttachmentOtherThanDescribedStopsTheJobBeforeItRuns() {
        byte[] data = "real".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> lie = new LinkedHashMap<>(ref("f.txt", "longer".getBytes(StandardCharsets.UTF_8)));
        RunJobResult r = ran(multipart(
                request(UUID.randomUUID().toString(), "echo ran", List.of(lie), null), Map.of("f.txt", data)));
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("not the file the request describes");
    }

    @Test
    void aPartTheRequestDoesNotDescribeOrANameWithASlashIs400() {
        byte[] data = {1};
        Reply stray = multipart(
                request(UUID.randomUUID().toString(), "true", List.of(ref("a", data)), null),
                Map.of("a", data, "b", data));
        assertThat(stray.status()).as(stray.body()).isEqualTo(400);
        Reply missing =
                multipart(request(UUID.randomUUID().toString(), "true", List.of(ref("a", data)), null), Map.of());
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        Reply slash = multipart(
                request(UUID.randomUUID().toString(), "true", List.of(ref("../a", data)), null), Map.of("../a", data));
        assertThat(slash.status()).as(slash.body()).isEqualTo(400);
        Reply json = http.post(
                "/v1/worker/jobs:run",
                TOKEN,
                request(UUID.randomUUID().toString(), "true", List.of(ref("a", data)), null));
        assertThat(json.status()).as("attachments need their parts").isEqualTo(400);
    }

    @Test
    void artifactsAreTheRegularFilesLeftInOutWithinTheLimitsAndLinksAreNotFollowed() {
        String job = UUID.randomUUID().toString();
        RunJobResult r = ran(http.post(
                "/v1/worker/jobs:run",
                TOKEN,
                request(
                        job,
                        "cd /workspace/out && echo one > a.txt && mkdir sub && echo two > sub/b.csv"
                                + " && echo three > c.txt && ln -s /etc/passwd pw && mkfifo pipe",
                        null,
                        2)));
        assertThat(r.status()).as(r.stderr()).isEqualTo("completed");
        assertThat(r.artifacts()).extracting(RunJobResult.Artifact::name).containsExactly("a.txt", "c.txt");
        assertThat(r.artifacts().getFirst().sizeBytes()).isEqualTo(4);
        assertThat(r.artifacts().getFirst().contentType()).isEqualTo("text/plain");
        assertThat(r.artifactsOmitted())
                .extracting(RunJobResult.Omitted::name, RunJobResult.Omitted::reason)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("pw", "a symbolic link; not followed"),
                        org.assertj.core.groups.Tuple.tuple("pipe", "not a regular file"),
                        org.assertj.core.groups.Tuple.tuple("sub/b.csv", "over the limit of 2 files"));
        assertThat(r.stderr()).contains("[cynode] left out of the artifacts:").contains("pw (a symbolic link");
        Reply first = http.get("/v1/worker/jobs/" + job + "/artifacts/0", TOKEN);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("one\n");
        assertThat(http.get("/v1/worker/jobs/" + job + "/artifacts/2", TOKEN).status())
                .isEqualTo(404);
        Reply gone = http.send(
                http.builder("/v1/worker/jobs/" + job + "/artifacts", TOKEN).DELETE());
        assertThat(gone.status()).isEqualTo(204);
        assertThat(http.get("/v1/worker/jobs/" + job + "/artifacts/0", TOKEN).status())
                .isEqualTo(404);
    }

    @Test
    void anOutThatIsALinkIsNotFollowed() {
        RunJobResult r = ran(http.post(
                "/v1/worker/jobs:run",
                TOKEN,
                request(UUID.randomUUID().toString(), "rmdir /workspace/out && ln -s /etc /workspace/out", null, 8)));
        assertThat(r.artifacts()).isEmpty();
        assertThat(r.artifactsOmitted()).extracting(RunJobResult.Omitted::name).containsExactly("out");
    }

    @Test
    void aLinkAnEarlierJobLeftWhereTheAttachmentsGoIsRemovedNotFollowed() throws IOException {
        String task = UUID.randomUUID().toString();
        ran(http.post(
                "/v1/worker/jobs:run",
                TOKEN,
                request(task, UUID.randomUUID().toString(), "ln -s /etc /workspace/attachments", null, null)));
        byte[] data = "mine".getBytes(StandardCharsets.UTF_8);
        RunJobResult r = ran(multipart(
                request(
                        task,
                        UUID.randomUUID().toString(),
                        "cat /workspace/attachments/cynode-it-probe; echo; ls -ld /workspace/attachments | cut -c1",
                        List.of(ref("cynode-it-probe", data)),
                        null),
                Map.of("cynode-it-probe", data)));
        assertThat(r.stdout()).isEqualTo("mine\nd\n");
        assertThat(Path.of("/etc/cynode-it-probe"))
                .as("nothing written through the link")
                .doesNotExist();
        assertThat(Path.of("/etc/hostname")).as("nothing removed through it").exists();
    }

    @Test
    void whatDoesNotFitTheByteLimitIsLeftOutAndTheRestKept() {
        String job = UUID.randomUUID().toString();
        Map<String, Object> body = Json.mapper()
                .readValue(
                        request(
                                job,
                                "cd /workspace/out && head -c 700000 /dev/zero > a.bin && head -c 700000 /dev/zero > b.bin"
                                        + " && echo small > c.txt",
                                null,
                                8),
                        Map.class);
        body.put("artifacts", Map.of("max_files", 8, "max_bytes", 1 << 20));
        RunJobResult r = ran(http.post("/v1/worker/jobs:run", TOKEN, Json.write(body)));
        assertThat(r.artifacts()).extracting(RunJobResult.Artifact::name).containsExactly("a.bin", "c.txt");
        assertThat(r.artifactsOmitted())
                .singleElement()
                .satisfies(o -> assertThat(o.reason()).isEqualTo("over the limit of 1048576 bytes in all"));
    }

    @Test
    void artifactsNeedAToken() {
        assertThat(http.get("/v1/worker/jobs/" + UUID.randomUUID() + "/artifacts/0", null)
                        .status())
                .isEqualTo(401);
    }
}
