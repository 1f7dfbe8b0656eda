package io.cynodeai.workerapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.testsupport.TestEngine;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Worker API against the real container engine (Podman's Docker-compatible API here). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "cynode.sandbox.max-memory=64MB",
            "cynode.sandbox.max-pids=64",
            "cynode.sandbox.max-concurrency=2",
            "cynode.sandbox.max-timeout=60s",
            "cynode.sandbox.max-request-bytes=64KB",
            "cynode.sandbox.max-workspace=100MB",
            "cynode.sandbox.max-output-read=16MB",
            "cynode.sandbox.cgroup-parent=/cynode_it_sandboxes",
            "cynode.sandbox.allowed-images=cynode-sandbox:latest,cynode-missing-image:latest"
        })
@ExtendWith(OutputCaptureExtension.class)
class WorkerApiIT {
    static final Path STATE = WorkerTestState.create("worker-api-it");
    static final String TOKEN = "test-worker-token-" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        WorkerTestState.register(registry, STATE);
    }

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() throws IOException {
        writeToken(TOKEN, Instant.now().plus(Duration.ofHours(1)));
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    @AfterEach
    void noContainerLeft() {
        // Removal runs right after the result is returned; give it a moment.
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(TestEngine.managedContainers())
                        .as("sandbox containers left behind")
                        .isEmpty());
    }

    static void writeToken(String token, Instant expires) throws IOException {
        WorkerTestState.writeToken(STATE, token, expires);
    }

    static void writeTokenJson(String json) throws IOException {
        WorkerTestState.writeTokenJson(STATE, json);
    }

    static String job(
            String taskId, String jobId, String script, Map<String, String> env, Integer timeout, String network) {
        return job(taskId, jobId, "cynode-sandbox:latest", script, env, timeout, network);
    }

    static String job(
            String taskId,
            String jobId,
            String image,
            String script,
            Map<String, String> env,
            Integer timeout,
            String network) {
        var sandbox = new java.util.LinkedHashMap<String, Object>();
        sandbox.put("image", image);
        sandbox.put("command", List.of("sh", "-c", script));
        if (env != null) {
            sandbox.put("env", env);
        }
        if (timeout != null) {
            sandbox.put("timeout_seconds", timeout);
        }
        if (network != null) {
            sandbox.put("network_policy", network);
        }
        return Json.write(Map.of("version", 1, "task_id", taskId, "job_id", jobId, "sandbox", sandbox));
    }

    RunJobResult run(String body) {
        Reply r = http.post("/v1/worker/jobs:run", TOKEN, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.read(r.body(), RunJobResult.class);
    }

    RunJobResult script(String script) {
        return run(job(uuid(), uuid(), script, null, 30, null));
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** What dd (bs=1M) says it wrote ("N+0 records out"), in bytes. */
    static long ddCopied(String stderr) {
        var m = java.util.regex.Pattern.compile("(\\d+)\\+\\d+ records out").matcher(stderr);
        assertThat(m.find()).as(stderr).isTrue();
        return Long.parseLong(m.group(1)) << 20;
    }

    @Test
    void aJobCannotWritePastItsWorkspaceAndIsToldTheWorkspaceIsFull() {
        String task = uuid();
        RunJobResult r = run(
                job(task, uuid(), "dd if=/dev/zero of=/workspace/fill bs=1M count=2048; echo exit=$?", null, 60, null));
        assertThat(r.stderr()).contains("No space left on device");
        assertThat(ddCopied(r.stderr())).isLessThanOrEqualTo(100L << 20);
        assertThat(r.stdout()).isEqualTo("exit=1\n");
        assertThat(r.stderr()).contains("[cynode] the task's /workspace is full (its limit is 100 MB)");
        // The task's next job still runs, and sees what is there.
        RunJobResult next = run(job(task, uuid(), "ls /workspace", null, 30, null));
        assertThat(next.stdout()).isEqualTo("fill\n");
    }

    @Test
    void aDeletedButOpenFileCannotTakeTheWorkspacePastItsLimit() {
        String task = uuid();
        RunJobResult r = run(job(
                task,
                uuid(),
                "exec 3>/workspace/f; rm /workspace/f; dd if=/dev/zero bs=1M count=1500 >&3; echo exit=$?",
                null,
                60,
                null));
        assertThat(r.stderr()).contains("No space left on device");
        assertThat(ddCopied(r.stderr())).isLessThanOrEqualTo(100L << 20);
        assertThat(r.stdout()).isEqualTo("exit=1\n");
        // Closed with the job: the room is back.
        assertThat(run(job(
                                task,
                                uuid(),
                                "dd if=/dev/zero of=/workspace/g bs=1M count=50 2>&1 | tail -1",
                                null,
                                30,
                                null))
                        .stdout())
                .contains("50+0 records out");
    }

    @Test
    void aDirectoryNobodyElseMayReadCannotHideWhatIsInIt() {
        String task = uuid();
        RunJobResult r = run(job(
                task,
                uuid(),
                "mkdir /workspace/hidden && dd if=/dev/zero of=/workspace/hidden/f bs=1M count=1500;"
                        + " chmod 000 /workspace/hidden; echo exit=$?",
                null,
                60,
                null));
        assertThat(r.stderr()).contains("No space left on device");
        assertThat(ddCopied(r.stderr())).isLessThanOrEqualTo(100L << 20);
        assertThat(r.stderr()).contains("the task's /workspace is full");
        RunJobResult more =
                run(job(task, uuid(), "dd if=/dev/zero of=/workspace/more bs=1M count=1500", null, 60, null));
        assertThat(ddCopied(more.stderr())).isLessThan(2L << 20);
    }

    @Test
    void aFloodOfEmptyFilesEndsAtTheWorkspacesOwnLimit() {
        RunJobResult r = run(job(
                uuid(), uuid(), "cd /workspace && seq 1 200000 | xargs touch 2>/dev/null; ls | wc -l", null, 60, null));
        long files = Long.parseLong(r.stdout().strip());
        // ext4 has a fixed number of inodes for its size: the flood ends there, not on the node's disk.
        assertThat(files).isGreaterThan(1_000).isLessThan(200_000);
    }

    @Test
    void runsACommandAndReportsItsOutput() {
        String task = uuid();
        String jobId = uuid();
        RunJobResult r = run(job(task, jobId, "echo hello; echo oops >&2; exit 0", null, 30, null));
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo("hello\n");
        assertThat(r.stderr()).isEqualTo("oops\n");
        assertThat(r.taskId()).isEqualTo(task);
        assertThat(r.jobId()).isEqualTo(jobId);
        assertThat(r.truncated().stdout()).isFalse();
        assertThat(r.endedAt()).isAfterOrEqualTo(r.startedAt());
        RunJobResult failed = script("exit 3");
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.exitCode()).isEqualTo(3);
    }

    @Test
    void theExitCodeIsTheProcessesOwnEvenRightAfterItsOutputEnds() {
        // The exit code was read once, right after the output ended: under CPU load, now and then
        // (once in a suite run, once in 60 runs with the cores busy) "exit N" came back
        // "completed" with code 0. It is read now only once the engine says the job stopped.
        for (int i = 1; i <= 20; i++) {
            RunJobResult r = script("echo " + i + "; exit " + i);
            assertThat(r.status()).as("run %d", i).isEqualTo("failed");
            assertThat(r.exitCode()).as("run %d", i).isEqualTo(i);
        }
    }

    @Test
    void aJobThatClosesItsOutputAndGoesOnIsWaitedFor() {
        long t0 = System.nanoTime();
        RunJobResult r = script("echo bye; exec >&- 2>&-; sleep 2; exit 4");
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("bye\n");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        RunJobResult hung = run(job(uuid(), uuid(), "exec >&- 2>&-; sleep 30", null, 2, null));
        assertThat(hung.status()).isEqualTo("timeout");
    }

    @Test
    void sandboxesRunUnderTheLowWeightCgroupAtTheLeastWeightInIt() {
        String engine = TestEngine.podman("info", "--format", "{{.Host.CgroupManager}} {{.Host.CgroupsVersion}}")
                .strip();
        assumeTrue(engine.startsWith("cgroupfs"), "the engine's cgroup driver is not cgroupfs here: " + engine);
        RunJobResult r = script("cat /proc/self/cgroup");
        assertThat(r.stdout()).containsPattern("(?m)^\\d+:(cpu|cpu,cpuacct|):/cynode_it_sandboxes/");
        if (engine.endsWith("v1")) {
            assertThat(Path.of("/sys/fs/cgroup/cpu/cynode_it_sandboxes/cpu.shares"))
                    .hasContent("64");
            // Inside, the sandbox's own cgroup is mounted at /sys/fs/cgroup/cpu.
            assertThat(script("cat /sys/fs/cgroup/cpu/cpu.shares").stdout()).isEqualTo("2\n");
        }
    }

    @Test
    void taskContextEnvCannotBeOverriddenAndNoSecretIsInside() {
        String task = uuid();
        String jobId = uuid();
        RunJobResult r = run(job(
                task,
                jobId,
                "env | sort",
                Map.of("CYNODE_TASK_ID", "evil", "CYNODE_WORKSPACE_DIR", "/", "MY_VAR", "mine"),
                30,
                null));
        assertThat(r.stdout())
                .contains("CYNODE_TASK_ID=" + task + "\n")
                .contains("CYNODE_JOB_ID=" + jobId + "\n")
                .contains("CYNODE_WORKSPACE_DIR=/workspace\n")
                .contains("MY_VAR=mine\n")
                .doesNotContain("evil")
                .doesNotContain(TOKEN);
        RunJobResult files =
                script("grep -rl '" + TOKEN + "' /etc /bin /tmp /workspace /root 2>/dev/null | head -1; pwd");
        assertThat(files.stdout()).isEqualTo("/workspace\n");
    }

    @Test
    void sandboxIsHardened() {
        RunJobResult r = script("id -u; grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status;"
                + " touch /rootfs-write 2>/dev/null && echo root-writable || echo root-readonly;"
                + " touch /tmp/x && echo tmp-writable; ls /var/run/docker.sock /run/podman 2>/dev/null | wc -l");
        assertThat(r.stdout().lines().toList())
                .containsExactly(
                        "65534",
                        "CapEff:\t0000000000000000",
                        "NoNewPrivs:\t1",
                        "Seccomp:\t2",
                        "root-readonly",
                        "tmp-writable",
                        "0");
    }

    @Test
    void bothNetworkPoliciesLeaveTheSandboxOnlyItsOwnLoopback() {
        for (String policy : List.of("none", "restricted")) {
            RunJobResult r =
                    run(job(uuid(), uuid(), "ip -o link | awk -F': ' '{print $2}'; ip route", null, 30, policy));
            assertThat(r.stdout().strip()).as(policy).isEqualTo("lo");
        }
    }

    /** The host's own addresses (not loopback): where a sandbox on a bridge would find the host's services. */
    static String hostAddresses() throws IOException {
        StringBuilder out = new StringBuilder();
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var a : java.util.Collections.list(nic.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
                    out.append(a.getHostAddress()).append(' ');
                }
            }
        }
        return out.toString().strip();
    }

    @Test
    void aRestrictedSandboxReachesNeitherTheHostsServicesNorAnotherSandbox() throws Exception {
        String task = uuid();
        try (var host = new java.net.ServerSocket()) {
            host.bind(new java.net.InetSocketAddress("0.0.0.0", 0));
            var listener = CompletableFuture.supplyAsync(() -> run(job(
                    task,
                    uuid(),
                    "ip -o -4 addr | awk '$2 != \"lo\" {print $4}' | cut -d/ -f1 > /workspace/addrs;"
                            + " touch /workspace/ready; timeout 8 nc -l -p 7000 -e echo from-the-other-sandbox;"
                            + " echo listened",
                    null,
                    30,
                    "restricted")));
            String probe = "i=0; while [ ! -f /workspace/ready ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done;"
                    // the host's addresses, and where a bridge's host end usually is (x.y.z.1 of the sandbox's own)
                    + " gw=$(ip -o -4 addr | awk '$2 != \"lo\" {print $4}' | cut -d/ -f1 | sed 's/[0-9]*$/1/');"
                    + " for a in $HOSTS $gw; do echo | nc -w 2 $a " + host.getLocalPort()
                    + " >/dev/null 2>&1 && echo reached-host-$a; done;"
                    + " for a in $(cat /workspace/addrs); do nc -w 2 $a 7000 </dev/null; done; echo tried";
            RunJobResult r = run(job(task, uuid(), probe, Map.of("HOSTS", hostAddresses()), 30, "restricted"));
            assertThat(r.stdout()).as(r.stderr()).isEqualTo("tried\n");
            assertThat(listener.get(30, java.util.concurrent.TimeUnit.SECONDS).stdout())
                    .isEqualTo("listened\n");
        }
    }

    @Test
    void limitsContainForkBombAndMemoryHogAndNodeStaysHealthy() {
        RunJobResult bomb = run(job(uuid(), uuid(), "b() { b | b & }; b; sleep 2; echo survived", null, 8, null));
        assertThat(bomb.status()).isIn("completed", "failed", "timeout");
        assertThat(bomb.endedAt()).isBefore(bomb.startedAt().plusSeconds(20));
        RunJobResult hog =
                run(job(uuid(), uuid(), "exec awk 'BEGIN { s = \"a\"; while (1) s = s s }'", null, 30, null));
        assertThat(hog.status()).isEqualTo("failed");
        assertThat(hog.exitCode()).isEqualTo(137);
        assertThat(script("echo alive").stdout()).isEqualTo("alive\n");
    }

    /** A streamed run's NDJSON lines, each with when it arrived (ms after the request was sent). */
    record Arrival(long atMillis, tools.jackson.databind.JsonNode line) {}

    List<Arrival> streamed(String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/worker/jobs:run"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        long t0 = System.nanoTime();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        List<Arrival> lines = new java.util.ArrayList<>();
        response.body()
                .filter(l -> !l.isBlank())
                .forEach(l -> lines.add(new Arrival(
                        (System.nanoTime() - t0) / 1_000_000, Json.mapper().readTree(l))));
        return lines;
    }

    @Test
    void aStreamedRunSendsEachLineAsItIsPrintedThenTheResult() throws Exception {
        List<Arrival> lines =
                streamed(job(uuid(), uuid(), "echo one; sleep 2; echo two >&2; sleep 1; echo three", null, 30, null));
        Arrival first = lines.getFirst();
        Arrival result = lines.getLast();
        assertThat(first.line().get("type").asString()).isEqualTo("output");
        assertThat(first.line().get("stream").asString()).isEqualTo("stdout");
        assertThat(first.line().get("text").asString()).isEqualTo("one\n");
        assertThat(result.atMillis() - first.atMillis())
                .as("the first line arrives while the job still runs, not with its result")
                .isGreaterThan(2500);
        assertThat(lines.stream().filter(a -> a.line().get("type").asString().equals("output")))
                .extracting(a -> a.line().get("stream").asString() + ":"
                        + a.line().get("text").asString())
                .containsExactly("stdout:one\n", "stderr:two\n", "stdout:three\n");
        assertThat(result.line().get("type").asString()).isEqualTo("result");
        assertThat(result.line().get("status").asString()).isEqualTo("completed");
        assertThat(result.line().get("stdout").asString()).isEqualTo("one\nthree\n");
    }

    @Test
    void theStreamKeepsToTheOutputCapAndWholeCharacters() throws Exception {
        List<Arrival> lines = streamed(job(uuid(), uuid(), "yes é | head -c 600000", null, 120, null));
        StringBuilder live = new StringBuilder();
        lines.stream()
                .filter(a -> a.line().get("type").asString().equals("output"))
                .forEach(a -> live.append(a.line().get("text").asString()));
        tools.jackson.databind.JsonNode result = lines.getLast().line();
        assertThat(result.get("truncated").get("stdout").asBoolean()).isTrue();
        assertThat(live.toString())
                .as("what streamed is what was kept")
                .isEqualTo(result.get("stdout").asString());
        assertThat(live.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(256 * 1024);
        assertThat(live.toString()).doesNotContain("\uFFFD");
    }

    @Test
    void aStreamedRunThatIsRefusedIsAProblemNotAStream() {
        Reply r = http.send(http.builder("/v1/worker/jobs:run", TOKEN)
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        job(uuid(), uuid(), "not-an-allowed-image:1", "true", null, 30, null))));
        assertProblem(r, 403);
    }

    @Test
    void outputPastTheCapIsTruncatedAndTheJobCompletes() {
        RunJobResult r =
                run(job(uuid(), uuid(), "head -c 8000000 /dev/zero | tr '\\0' 'a'; echo tail >&2", null, 120, null));
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.stdout()).hasSize(256 * 1024).matches("a+");
        assertThat(r.truncated().stdout()).isTrue();
        assertThat(r.truncated().stderr()).isFalse();
        assertThat(r.stderr()).isEqualTo("tail\n");
    }

    @Test
    void aFloodPastTheReadLimitIsStoppedAndTheHeapStaysBounded() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        Instant start = Instant.now();
        RunJobResult r =
                run(job(uuid(), uuid(), "head -c 1000000000 /dev/zero | tr '\\0' 'a'; echo tail >&2", null, 120, null));
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.stdout()).hasSize(256 * 1024).matches("a+");
        assertThat(r.truncated().stdout()).isTrue();
        assertThat(r.stderr()).doesNotContain("tail").contains("printed more than the node reads from a job");
        // Stopped after 16 MB, not after relaying the whole gigabyte.
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(after - before).as("heap growth after a 1 GB flood").isLessThan(64L * 1024 * 1024);
        assertThat(script("echo alive").stdout()).isEqualTo("alive\n");
    }

    @Test
    void timeoutKillsTheContainer() {
        Instant start = Instant.now();
        RunJobResult r = run(job(uuid(), uuid(), "sleep 30", null, 2, null));
        assertThat(r.status()).isEqualTo("timeout");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void workspacesArePerTask() {
        String a = uuid();
        String b = uuid();
        assertThat(run(job(a, uuid(), "echo secret-a > /workspace/a.txt && ls /workspace", null, 30, null))
                        .stdout())
                .isEqualTo("a.txt\n");
        assertThat(run(job(a, uuid(), "cat /workspace/a.txt", null, 30, null)).stdout())
                .isEqualTo("secret-a\n");
        RunJobResult other = run(job(
                b,
                uuid(),
                "ls -A /workspace; find / -path /proc -prune -o -path /sys -prune -o -name a.txt -print | wc -l",
                null,
                30,
                null));
        assertThat(other.stdout()).isEqualTo("0\n");
    }

    @Test
    void authenticationAndTokenRotation(CapturedOutput output) throws IOException {
        String body = job(uuid(), uuid(), "echo hi", null, 30, null);
        assertProblem(http.post("/v1/worker/jobs:run", null, body), 401);
        assertProblem(http.post("/v1/worker/jobs:run", "wrong", body), 401);
        String rotated = "rotated-" + uuid();
        writeToken(rotated, Instant.now().plus(Duration.ofHours(1)));
        assertProblem(http.post("/v1/worker/jobs:run", TOKEN, body), 401);
        assertThat(http.post("/v1/worker/jobs:run", rotated, body).status()).isEqualTo(200);
        writeTokenJson("{\"token\":\"" + rotated + "\",\"expires_at\":\""
                + Instant.now().plusSeconds(600) + "\",\"previous_token\":\"" + TOKEN + "\",\"previous_valid_until\":\""
                + Instant.now().plusSeconds(60) + "\"}");
        assertThat(http.post("/v1/worker/jobs:run", TOKEN, job(uuid(), uuid(), "true", null, 30, null))
                        .status())
                .as("the replaced token during its grace period")
                .isEqualTo(200);
        writeTokenJson("{\"token\":\"" + rotated + "\",\"expires_at\":\""
                + Instant.now().plusSeconds(600) + "\",\"previous_token\":\"" + TOKEN + "\",\"previous_valid_until\":\""
                + Instant.now().minusSeconds(1) + "\"}");
        assertProblem(http.post("/v1/worker/jobs:run", TOKEN, body), 401);
        writeToken(rotated, Instant.now().minusSeconds(5));
        Reply expired = http.post("/v1/worker/jobs:run", rotated, job(uuid(), uuid(), "echo hi", null, 30, null));
        assertProblem(expired, 401);
        assertThat(expired.body()).contains("expired");
        assertThat(http.get("/readyz", null).status()).isEqualTo(503);
        writeToken(TOKEN, Instant.now().plus(Duration.ofHours(1)));
        assertThat(http.get("/readyz", null).body()).isEqualTo("ready");
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(rotated);
    }

    @Test
    void badRequestsAreProblems() {
        assertProblem(http.post("/v1/worker/jobs:run", TOKEN, "{nope"), 400);
        Reply noCommand = http.post(
                "/v1/worker/jobs:run",
                TOKEN,
                "{\"version\":1,\"task_id\":\"" + uuid() + "\",\"job_id\":\"" + uuid()
                        + "\",\"sandbox\":{\"image\":\"x\",\"command\":[]}}");
        assertProblem(noCommand, 400);
        assertThat(noCommand.body()).contains("sandbox.command");
        Reply badNet = http.post("/v1/worker/jobs:run", TOKEN, job(uuid(), uuid(), "true", null, 5, "host"));
        assertProblem(badNet, 400);
        assertThat(badNet.body()).contains("network_policy");
        assertProblem(
                http.post("/v1/worker/jobs:run", TOKEN, job(uuid(), uuid(), "x".repeat(70_000), null, 5, null)), 413);
        assertProblem(
                http.post("/v1/worker/jobs:run", TOKEN, job(uuid(), uuid(), "alpine:3", "true", null, 5, null)), 403);
        RunJobResult missing = run(job(uuid(), uuid(), "cynode-missing-image:latest", "true", null, 5, null));
        assertThat(missing.status()).isEqualTo("failed");
        assertThat(missing.stderr()).contains("cynode-missing-image:latest");
    }

    @Test
    void aRepeatedJobIdRunsOnceAndConcurrencyIsLimited() throws Exception {
        String body = job(uuid(), uuid(), "date +%s%N; sleep 1", null, 30, null);
        try (var pool = Executors.newFixedThreadPool(3)) {
            var first = CompletableFuture.supplyAsync(() -> run(body), pool);
            Thread.sleep(200);
            var second = CompletableFuture.supplyAsync(() -> run(body), pool);
            RunJobResult a = first.get();
            RunJobResult b = second.get();
            assertThat(b.stdout()).isEqualTo(a.stdout());
            assertThat(b.startedAt()).isEqualTo(a.startedAt());
        }
        assertThat(run(body).stdout()).as("finished: the stored result").isNotEmpty();

        try (var pool = Executors.newFixedThreadPool(3)) {
            var calls = List.of(
                    CompletableFuture.supplyAsync(
                            () -> http.post(
                                    "/v1/worker/jobs:run", TOKEN, job(uuid(), uuid(), "sleep 2", null, 30, null)),
                            pool),
                    CompletableFuture.supplyAsync(
                            () -> http.post(
                                    "/v1/worker/jobs:run", TOKEN, job(uuid(), uuid(), "sleep 2", null, 30, null)),
                            pool),
                    CompletableFuture.supplyAsync(
                            () -> http.post(
                                    "/v1/worker/jobs:run", TOKEN, job(uuid(), uuid(), "sleep 2", null, 30, null)),
                            pool));
            List<Integer> statuses = calls.stream()
                    .map(CompletableFuture::join)
                    .map(Reply::status)
                    .sorted()
                    .toList();
            assertThat(statuses).containsExactly(200, 200, 429);
        }
    }

    @Test
    void cancelStopsARunningJob() throws Exception {
        String jobId = uuid();
        var running = CompletableFuture.supplyAsync(() -> run(job(uuid(), jobId, "sleep 30", null, 60, null)));
        // 404 until the job is let in (a busy machine may take a while), then 202
        await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> http.post("/v1/worker/jobs/" + jobId + ":cancel", TOKEN, null)
                                .status()
                        == 202);
        RunJobResult r = running.get();
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.stderr()).contains("canceled");
        assertProblem(http.post("/v1/worker/jobs/" + uuid() + ":cancel", TOKEN, null), 404);
    }

    static void assertProblem(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
