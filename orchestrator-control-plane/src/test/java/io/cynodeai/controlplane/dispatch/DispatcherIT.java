package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobSpec;
import io.cynodeai.jobs.NewTask;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dispatcher against a real PostgreSQL, with a scripted stand-in for the node's Worker API
 * (faults on demand). Jobs are inserted the way the gateway inserts them.
 */
@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cynode.registration.psk=dispatch-psk-0123456789",
            "cynode.node-jwt.signing-key=test-node-signing-key-0123456789abcdef",
            "cynode.node-config.token-encryption-key=test-token-encryption-key-0123456789",
            "cynode.dispatch.max-attempts=3",
            "cynode.dispatch.retry-base=100ms",
            "cynode.dispatch.retry-max=200ms",
            "cynode.dispatch.poll=10s",
            "cynode.dispatch.lease=2s",
            "cynode.dispatch.renew-every=500ms",
            "cynode.dispatch.sweep-every=200ms"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatcherIT {
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Placement placement;

    @Autowired
    JobLifecycle lifecycle;

    ScriptedWorkerStandIn worker;
    UUID owner;

    @BeforeAll
    void startWorker() throws Exception {
        worker = new ScriptedWorkerStandIn();
    }

    @AfterAll
    void stopWorker() {
        worker.close();
    }

    @BeforeEach
    void reset() {
        worker.nextStatus = () -> 200;
        jdbc.sql("update jobs set status = 'failed', lease_id = null, lease_expires_at = null"
                        + " where status in ('queued', 'running')")
                .update();
        // Nodes other tests registered (at addresses nobody serves) must not take these jobs.
        jdbc.sql("update nodes set status = 'draining' where slug <> 'dispatch-node'")
                .update();
        owner = UUID.randomUUID();
        jdbc.sql("insert into users (id, handle) values (?, ?)")
                .params(owner, "u-" + owner)
                .update();
    }

    /** The node credential of each slug enrolled (the context, and its database, outlive a test). */
    static final java.util.Map<String, String> CREDENTIALS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Registers the stand-in as a node and acks its configuration: it becomes dispatchable. */
    String makeDispatchable(String slug) {
        TestHttp http = new TestHttp("http://127.0.0.1:" + port);
        String capability = """
                {"version":1,"reported_at":"%s","node":{"node_slug":"%s"},"platform":{"os":"linux","arch":"amd64"},
                 "compute":{"cpu_cores":2,"ram_mb":2048},"sandbox":{"supported":true,"max_concurrency":2},
                 "worker_api":{"base_url":"%s"}}""".formatted(Instant.now(), slug, worker.url());
        String credential = CREDENTIALS.get(slug);
        var reg = http.post(
                "/v1/nodes/register",
                null,
                "{\"psk\":\"dispatch-psk-0123456789\",\"capability\":" + capability
                        + (credential == null ? "" : ",\"node_credential\":\"" + credential + "\"") + "}");
        assertThat(reg.status()).as(reg.body()).isEqualTo(200);
        var bootstrap = Json.read(reg.body(), NodeBootstrapPayload.class);
        if (bootstrap.auth().nodeCredential() != null) {
            CREDENTIALS.put(slug, bootstrap.auth().nodeCredential());
        }
        String jwt = bootstrap.auth().nodeJwt();
        var config = Json.read(http.get("/v1/nodes/config", jwt).body(), NodeConfigurationPayload.class);
        var ack = http.post("/v1/nodes/config", jwt, """
                {"version":1,"node_slug":"%s","config_version":"%s","ack_at":"%s","status":"applied"}""".formatted(slug, config.configVersion(), Instant.now()));
        assertThat(ack.status()).isEqualTo(204);
        placement.refresh();
        return config.workerApi().orchestratorBearerToken();
    }

    /** Queues a task and its job as the gateway does (which notifies the dispatcher). */
    UUID queueJob() {
        TaskRecord task = lifecycle.enqueue(new NewTask(
                owner, "u-" + owner, "127.0.0.1", null, "commands", "echo ran", JobSpec.commandLine("echo ran")));
        return jdbc.sql("select id from jobs where task_id = ?")
                .param(task.id())
                .query(UUID.class)
                .single();
    }

    String jobStatus(UUID job) {
        return jdbc.sql("select status from jobs where id = ?")
                .param(job)
                .query(String.class)
                .single();
    }

    String taskOf(UUID job, String column) {
        return jdbc.sql("select t." + column + " from tasks t join jobs j on j.task_id = t.id where j.id = ?")
                .param(job)
                .query(String.class)
                .single();
    }

    static void eventually(Duration within, Callable<Boolean> condition) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    @Test
    void jobsQueueWhileNoNodeIsDispatchableThenRunWithThatNodesToken() throws Exception {
        UUID job = queueJob();
        Thread.sleep(500);
        if (jdbc.sql("select count(*) from nodes").query(Long.class).single() == 0) {
            assertThat(jobStatus(job)).isEqualTo("queued");
        }
        String token = makeDispatchable("dispatch-node");
        // The poll interval is 10 s: finishing sooner proves the notification path.
        eventually(Duration.ofSeconds(5), () -> jobStatus(job).equals("completed"));
        assertThat(worker.tokenPerJob.get(job.toString())).isEqualTo("Bearer " + token);
        assertThat(taskOf(job, "status")).isEqualTo("completed");
        assertThat(taskOf(job, "summary")).isEqualTo("completed (exit 0): ran");
        assertThat(jdbc.sql("select result->>'stdout' from jobs where id = ?")
                        .param(job)
                        .query(String.class)
                        .single())
                .isEqualTo("ran\n");
    }

    @Test
    void newWorkIsPickedUpAtOnceByNotification() throws Exception {
        makeDispatchable("dispatch-node");
        Instant before = Instant.now();
        UUID job = queueJob();
        eventually(Duration.ofSeconds(3), () -> jobStatus(job).equals("completed"));
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(worker.calls(job.toString())).isEqualTo(1);
        // Pick-up is measured from the commit that queued the job (after its creation), to the claim.
        var times = jdbc.sql("select created_at, queued_at, started_at from jobs where id = ?")
                .param(job)
                .query((rs, i) -> new Instant[] {
                    rs.getTimestamp(1).toInstant(),
                    rs.getTimestamp(2).toInstant(),
                    rs.getTimestamp(3).toInstant()
                })
                .single();
        assertThat(times[1]).isAfter(times[0]).isBeforeOrEqualTo(times[2]);
    }

    @Test
    void aBacklogIsClaimedUpToTheNodesRoomEachJobUnderALeaseOfItsOwn() throws Exception {
        makeDispatchable("dispatch-node"); // max_concurrency 2
        CountDownLatch release = new CountDownLatch(1);
        worker.nextStatus = () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        };
        List<UUID> jobs = IntStream.range(0, 5).mapToObj(i -> queueJob()).toList();
        String running = "select count(*) from jobs where status = 'running' and id = any(?)";
        UUID[] ids = jobs.toArray(UUID[]::new);
        eventually(Duration.ofSeconds(3), () -> count(running, ids) == 2);
        Thread.sleep(300);
        assertThat(count(running, ids)).isEqualTo(2);
        assertThat(count("select count(distinct lease_id) from jobs where status = 'running' and id = any(?)", ids))
                .isEqualTo(2);
        release.countDown();
        eventually(
                Duration.ofSeconds(5),
                () -> jobs.stream().allMatch(j -> jobStatus(j).equals("completed")));
        jobs.forEach(j -> assertThat(worker.calls(j.toString())).isEqualTo(1));
    }

    long count(String sql, UUID[] ids) {
        return jdbc.sql(sql).param(ids).query(Long.class).single();
    }

    @Test
    void aRefusingNodeIsRetriedWithBackoffThenTheTaskSucceeds() throws Exception {
        makeDispatchable("dispatch-node");
        AtomicInteger n = new AtomicInteger();
        worker.nextStatus = () -> n.incrementAndGet() <= 2 ? 503 : 200;
        UUID job = queueJob();
        eventually(Duration.ofSeconds(5), () -> jobStatus(job).equals("completed"));
        assertThat(worker.calls(job.toString())).isEqualTo(3);
        assertThat(jdbc.sql("select attempts from jobs where id = ?")
                        .param(job)
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void aNodeThatKeepsRefusingFailsTheTaskWithAReadableReason() throws Exception {
        makeDispatchable("dispatch-node");
        worker.nextStatus = () -> 503;
        UUID job = queueJob();
        eventually(Duration.ofSeconds(5), () -> jobStatus(job).equals("failed"));
        assertThat(worker.calls(job.toString())).isEqualTo(3);
        assertThat(taskOf(job, "status")).isEqualTo("failed");
        assertThat(taskOf(job, "summary"))
                .contains("answered HTTP 503")
                .doesNotContain("scripted refusal")
                .contains("gave up after 3");
    }

    @Test
    void aJobWhoseHolderDiedIsDispatchedAgainAfterItsLease() throws Exception {
        makeDispatchable("dispatch-node");
        UUID job = queueJob();
        eventually(Duration.ofSeconds(5), () -> jobStatus(job).equals("completed"));
        // Another holder claimed this job and died: its lease has run out.
        UUID orphan = queueJobAsClaimedByADeadHolder();
        eventually(Duration.ofSeconds(5), () -> jobStatus(orphan).equals("completed"));
        assertThat(worker.calls(orphan.toString())).isEqualTo(1);
    }

    UUID queueJobAsClaimedByADeadHolder() {
        UUID job = queueJobWithoutNotify();
        jdbc.sql("update jobs set status = 'running', lease_id = ?, lease_expires_at = now() - interval '1 second',"
                        + " attempts = 1 where id = ?")
                .params(UUID.randomUUID(), job)
                .update();
        return job;
    }

    UUID queueJobWithoutNotify() {
        UUID task = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        jdbc.sql(
                        "insert into tasks (id, owner_id, prompt, input_mode, status) values (?, ?, 'x', 'commands', 'running')")
                .params(task, owner)
                .update();
        jdbc.sql("insert into jobs (id, task_id, status, payload) values (?, ?, 'queued', cast(? as jsonb))")
                .params(job, task, "{\"input_mode\":\"commands\",\"commands\":[\"echo ran\"]}")
                .update();
        return job;
    }
}
