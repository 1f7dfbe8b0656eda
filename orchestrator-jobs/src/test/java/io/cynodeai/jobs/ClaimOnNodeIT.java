package io.cynodeai.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.testsupport.EmbeddedDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What a node may claim when there are many (nodes.md §2), against a real PostgreSQL. */
class ClaimOnNodeIT {
    static JdbcClient jdbc;
    static JobLifecycle lifecycle;
    static final Duration LEASE = Duration.ofSeconds(30);

    UUID owner;

    @BeforeAll
    static void migrate() {
        DataSource ds = EmbeddedDatabase.shared().getPostgresDatabase();
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(ds);
        lifecycle = new JobLifecycle(jdbc, new JobLifecycle.Limits(1000, 10_000, Duration.ofSeconds(15)));
    }

    @BeforeEach
    void noOtherJobsWaiting() {
        jdbc.sql("update jobs set status = 'failed', lease_id = null, lease_expires_at = null"
                        + " where status in ('queued', 'running')")
                .update();
        owner = UUID.randomUUID();
        jdbc.sql("insert into users (id, handle) values (?, ?)")
                .params(owner, "u-" + owner)
                .update();
    }

    UUID node(int slots, String labelsJson) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into nodes (id, slug, max_concurrency, labels) values (?, ?, ?, cast(? as jsonb))")
                .params(id, "n-" + id, slots, labelsJson)
                .update();
        return id;
    }

    TaskRecord enqueue(JobSpec spec) {
        return lifecycle.enqueue(new NewTask(owner, "u", "127.0.0.1", null, "commands", "true", spec));
    }

    int runningJobs(UUID node) {
        return jdbc.sql("select running_jobs from nodes where id = ?")
                .param(node)
                .query(Integer.class)
                .single();
    }

    @Test
    void aNodeClaimsNoMoreThanItsFreeSlotsAndSaysHowManyItHad() {
        UUID node = node(3, "[]");
        for (int i = 0; i < 5; i++) {
            enqueue(JobSpec.commandLine("true"));
        }
        Claimed first = lifecycle.claimOn(node, LEASE, 2);
        assertThat(first.claims()).hasSize(2);
        assertThat(first.room()).as("free slots before the claim").isEqualTo(3);
        Claimed second = lifecycle.claimOn(node, LEASE, 16);
        assertThat(second.claims()).as("one slot was left").hasSize(1);
        assertThat(lifecycle.claimOn(node, LEASE, 16).claims()).as("full").isEmpty();
        assertThat(runningJobs(node)).isEqualTo(3);
    }

    @Test
    void runningJobsFollowsEveryWayOutOfRunning() {
        UUID node = node(8, "[]");
        for (int i = 0; i < 4; i++) {
            enqueue(JobSpec.commandLine("true"));
        }
        List<Claim> claims = lifecycle.claim(node, LEASE, 4);
        assertThat(runningJobs(node)).isEqualTo(4);
        lifecycle.complete(claims.get(0), JobStatus.COMPLETED, "{}", "ok");
        assertThat(runningJobs(node)).as("after a completion").isEqualTo(3);
        lifecycle.fail(claims.get(1), "broke");
        assertThat(runningJobs(node)).as("after a failure").isEqualTo(2);
        lifecycle.retry(claims.get(2), "again", Duration.ZERO);
        assertThat(runningJobs(node)).as("after a retry").isEqualTo(1);
        lifecycle.release(node, "gone");
        assertThat(runningJobs(node))
                .as("after the node's jobs were given back")
                .isZero();
    }

    @Test
    void aJobAsksForLabelsAndOnlyANodeCarryingAllOfThemTakesIt() {
        UUID plain = node(4, "[\"region:eu\"]");
        UUID gpu = node(4, "[\"region:eu\", \"gpu\"]");
        TaskRecord needsGpu = enqueue(JobSpec.commandLine("true").onNodesLabelled(List.of("gpu", "region:eu")));
        assertThat(lifecycle.claim(plain, LEASE, 4)).as("lacks gpu").isEmpty();
        assertThat(lifecycle.claim(gpu, LEASE, 4)).extracting(Claim::taskId).containsExactly(needsGpu.id());
        TaskRecord any = enqueue(JobSpec.commandLine("true"));
        assertThat(lifecycle.claim(plain, LEASE, 4)).extracting(Claim::taskId).containsExactly(any.id());
    }

    @Test
    void aNodeNotHeardFromLatelyOrWithoutSandboxesClaimsNothing() {
        UUID quiet = node(4, "[]");
        enqueue(JobSpec.commandLine("true"));
        jdbc.sql("update nodes set last_seen_at = now() - interval '16 seconds' where id = ?")
                .param(quiet)
                .update();
        assertThat(lifecycle.claim(quiet, LEASE, 4)).as("unreachable").isEmpty();
        UUID noSandbox = node(4, "[]");
        jdbc.sql("update nodes set sandbox_supported = false where id = ?")
                .param(noSandbox)
                .update();
        assertThat(lifecycle.claim(noSandbox, LEASE, 4))
                .as("reports no sandbox")
                .isEmpty();
        jdbc.sql("update nodes set last_seen_at = now() where id = ?")
                .param(quiet)
                .update();
        assertThat(lifecycle.claim(quiet, LEASE, 4)).as("heard from again").hasSize(1);
    }

    @Test
    void claimsRacingForOneNodeNeverFillItBeyondItsSlots() throws Exception {
        UUID node = node(5, "[]");
        for (int i = 0; i < 40; i++) {
            enqueue(JobSpec.commandLine("true"));
        }
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racers.add(() -> lifecycle.claim(node, LEASE, 3).size());
        }
        int taken = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> f : pool.invokeAll(racers)) {
                taken += f.get();
            }
        }
        // A racer that waited for the node's row picks its jobs from what its statement saw before
        // the wait, and may come back short; never over. What is left is there for the next claim.
        assertThat(taken).isBetween(1, 5);
        assertThat(taken + lifecycle.claim(node, LEASE, 5).size()).isEqualTo(5);
        assertThat(runningJobs(node)).isEqualTo(5);
    }

    @Test
    void aRenewSkipsJobsOnANodeNotSeenWithinTheWindow() {
        UUID node = node(4, "[]");
        enqueue(JobSpec.commandLine("true"));
        Claim claim = lifecycle.claim(node, Duration.ofSeconds(2), 1).getFirst();
        jdbc.sql("update nodes set last_seen_at = now() - interval '20 seconds' where id = ?")
                .param(node)
                .update();
        lifecycle.renew(List.of(claim.leaseId()), Duration.ofMinutes(5), Duration.ofSeconds(8));
        Boolean shortLease = jdbc.sql("select lease_expires_at < now() + interval '1 minute' from jobs where id = ?")
                .param(claim.jobId())
                .query(Boolean.class)
                .single();
        assertThat(shortLease)
                .as("the lease of a job on a cut-off node runs out")
                .isTrue();
        jdbc.sql("update nodes set last_seen_at = now() where id = ?")
                .param(node)
                .update();
        lifecycle.renew(List.of(claim.leaseId()), Duration.ofMinutes(5), Duration.ofSeconds(8));
        Boolean renewed = jdbc.sql("select lease_expires_at > now() + interval '1 minute' from jobs where id = ?")
                .param(claim.jobId())
                .query(Boolean.class)
                .single();
        assertThat(renewed).isTrue();
    }

    @Test
    void aLateResultIsKeptInTheJobsHistoryAndNotAsItsResult() {
        UUID cutOff = node(4, "[]");
        UUID other = node(4, "[]");
        TaskRecord task = enqueue(JobSpec.commandLine("true"));
        Claim lost = lifecycle.claim(cutOff, LEASE, 1).getFirst();
        lifecycle.release(cutOff, "unreachable");
        Claim again = lifecycle.claim(other, LEASE, 1).getFirst();
        assertThat(lifecycle.complete(again, JobStatus.COMPLETED, "{\"stdout\":\"second\"}", "ok"))
                .isTrue();
        assertThat(lifecycle.complete(lost, JobStatus.COMPLETED, "{\"stdout\":\"first\"}", "ok"))
                .isFalse();
        lifecycle.recordLateResult(lost, cutOff, "{\"stdout\":\"first\"}");
        String stored = jdbc.sql("select result ->> 'stdout' from jobs where task_id = ?")
                .param(task.id())
                .query(String.class)
                .single();
        assertThat(stored).isEqualTo("second");
        String late = jdbc.sql("select details ->> 'stdout' from job_history"
                        + " where job_id = ? and event = 'late_result' and node_id = ?")
                .params(lost.jobId(), cutOff)
                .query(String.class)
                .single();
        assertThat(late).isEqualTo("first");
    }

    /** A job claimed on {@code node} whose lease has run out and been swept. */
    Claim expiredOn(UUID node) throws InterruptedException {
        enqueue(JobSpec.commandLine("true"));
        Claim claim = lifecycle.claim(node, Duration.ofMillis(1), 1).getFirst();
        Thread.sleep(20);
        assertThat(lifecycle.expire()).isEqualTo(1);
        return claim;
    }

    void silent(UUID node) {
        jdbc.sql("update nodes set last_seen_at = now() - interval '20 seconds' where id = ?")
                .param(node)
                .update();
    }

    @Test
    void aJobWhoseLeaseRanOutGoesBackToItsNodeWhileThatNodeIsLive() throws Exception {
        UUID held = node(4, "[]");
        UUID other = node(4, "[]");
        Claim first = expiredOn(held);
        Claimed elsewhere = lifecycle.claimOn(other, LEASE, 4);
        assertThat(elsewhere.claims()).as("another node would run it twice").isEmpty();
        assertThat(elsewhere.heldElsewhere()).isTrue();
        assertThat(lifecycle.claim(held, LEASE, 4)).extracting(Claim::jobId).containsExactly(first.jobId());
    }

    @Test
    void aJobSentBackToANodeThatFallsSilentGoesToAnyNode() throws Exception {
        UUID held = node(4, "[]");
        UUID other = node(4, "[]");
        Claim first = expiredOn(held);
        silent(held);
        assertThat(lifecycle.claim(other, LEASE, 4)).extracting(Claim::jobId).containsExactly(first.jobId());
    }

    @Test
    void aJobWhoseNodeWasSilentWhenItsLeaseRanOutIsNotSentBack() throws Exception {
        UUID held = node(4, "[]");
        enqueue(JobSpec.commandLine("true"));
        Claim claim = lifecycle.claim(held, Duration.ofMillis(1), 1).getFirst();
        silent(held);
        Thread.sleep(20);
        assertThat(lifecycle.expire()).isEqualTo(1);
        UUID resumeOn = jdbc.sql("select resume_node_id from jobs where id = ?")
                .param(claim.jobId())
                .query(UUID.class)
                .optional()
                .orElse(null);
        assertThat(resumeOn).isNull();
    }
}
