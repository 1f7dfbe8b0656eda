package io.cynodeai.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.testsupport.EmbeddedDatabase;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each transition against a real PostgreSQL: what it changes, and that from the wrong state it changes nothing. */
class JobLifecycleIT {
    static JdbcClient jdbc;
    static JobLifecycle lifecycle;
    static TaskReads reads;
    static final Duration LEASE = Duration.ofSeconds(30);

    UUID owner;
    UUID node;

    @BeforeAll
    static void migrate() {
        DataSource ds = EmbeddedDatabase.shared().getPostgresDatabase();
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(ds);
        lifecycle = new JobLifecycle(jdbc);
        reads = new TaskReads(jdbc);
    }

    @BeforeEach
    void freshOwnerAndNode() {
        // Jobs of earlier tests must not be claimed by this one.
        jdbc.sql("update jobs set status = 'failed', lease_id = null, lease_expires_at = null"
                        + " where status in ('queued', 'running')")
                .update();
        owner = UUID.randomUUID();
        node = UUID.randomUUID();
        jdbc.sql("insert into users (id, handle) values (?, ?)")
                .params(owner, "u-" + owner)
                .update();
        jdbc.sql("insert into nodes (id, slug, max_concurrency) values (?, ?, 64)")
                .params(node, "n-" + node)
                .update();
    }

    TaskRecord enqueue(String name) {
        return lifecycle.enqueue(
                new NewTask(owner, "u", "127.0.0.1", name, "commands", "echo hi", JobSpec.commandLine("echo hi")));
    }

    Claim claimOne() {
        List<Claim> claims = lifecycle.claim(node, LEASE, 1);
        assertThat(claims).hasSize(1);
        return claims.getFirst();
    }

    TaskStatus taskStatus(UUID task) {
        return reads.find(owner, task).orElseThrow().status();
    }

    JobStatus jobStatus(UUID task) {
        return reads.withJobs(owner, task, true).orElseThrow().jobs().getFirst().status();
    }

    @Test
    void enqueueStoresATaskAndItsQueuedJobWithTheSpec() {
        TaskRecord task = enqueue(null);
        assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
        assertThat(jobStatus(task.id())).isEqualTo(JobStatus.QUEUED);
        String payload = jdbc.sql("select payload::text from jobs where task_id = ?")
                .param(task.id())
                .query(String.class)
                .single();
        assertThat(JobSpec.parse(payload)).isEqualTo(JobSpec.commandLine("echo hi"));
    }

    @Test
    void aTakenNameGetsTheNextFreeSuffix() {
        assertThat(enqueue("build").name()).isEqualTo("build");
        assertThat(enqueue("build").name()).isEqualTo("build-2");
        assertThat(enqueue("build").name()).isEqualTo("build-3");
        assertThat(enqueue("build-2-x").name()).as("a longer name is its own").isEqualTo("build-2-x");
        assertThat(reads.findByName(owner, "build-2")).isPresent();
    }

    @Test
    void anUnnamedTaskIsNumberedAndNamesAreOnlyUniquePerOwner() {
        assertThat(enqueue(null).name()).matches("task-[0-9]+");
        enqueue("shared");
        owner = UUID.randomUUID();
        jdbc.sql("insert into users (id, handle) values (?, ?)")
                .params(owner, "u-" + owner)
                .update();
        assertThat(enqueue("shared").name()).isEqualTo("shared");
    }

    @Test
    void claimRunsJobAndTaskUnderALease() {
        TaskRecord task = enqueue(null);
        Claim claim = claimOne();
        assertThat(claim.taskId()).isEqualTo(task.id());
        assertThat(claim.attempts()).isEqualTo(1);
        assertThat(taskStatus(task.id())).isEqualTo(TaskStatus.RUNNING);
        assertThat(lifecycle.claim(node, LEASE, 1))
                .as("a running job is not claimed again")
                .isEmpty();
    }

    @Test
    void completeEndsJobAndTaskOnceAndOnlyUnderItsLease() {
        TaskRecord task = enqueue(null);
        Claim claim = claimOne();
        Claim stale = new Claim(claim.jobId(), claim.taskId(), UUID.randomUUID(), claim.spec(), 1, null, null);
        assertThat(lifecycle.complete(stale, JobStatus.COMPLETED, "{}", "s")).isFalse();
        assertThat(lifecycle.complete(claim, JobStatus.COMPLETED, "{\"stdout\":\"hi\\n\"}", "completed: hi"))
                .isTrue();
        assertThat(lifecycle.complete(claim, JobStatus.FAILED, "{}", "again"))
                .as("already ended")
                .isFalse();
        TaskRecord ended = reads.find(owner, task.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(ended.summary()).isEqualTo("completed: hi");
        assertThat(reads.outputs(task.id())).containsExactly(new TaskReads.JobOutput("hi\n", ""));
    }

    @Test
    void aTimedOutJobEndsItsTaskFailed() {
        TaskRecord task = enqueue(null);
        assertThat(lifecycle.complete(claimOne(), JobStatus.TIMEOUT, "{}", "timeout"))
                .isTrue();
        assertThat(jobStatus(task.id())).isEqualTo(JobStatus.TIMEOUT);
        assertThat(taskStatus(task.id())).isEqualTo(TaskStatus.FAILED);
    }

    @Test
    void aJobDoesNotCompleteAsQueuedRunningOrCanceled() {
        enqueue(null);
        Claim claim = claimOne();
        for (JobStatus s : List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELED)) {
            assertThatThrownBy(() -> lifecycle.complete(claim, s, null, "x"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void retryGivesTheJobBackUntilItsTimeComes() {
        TaskRecord task = enqueue(null);
        lifecycle.retry(claimOne(), "node away", Duration.ofMinutes(5));
        assertThat(jobStatus(task.id())).isEqualTo(JobStatus.QUEUED);
        assertThat(lifecycle.claim(node, LEASE, 1)).as("not before its backoff").isEmpty();
        jdbc.sql("update jobs set next_attempt_at = now() where task_id = ?")
                .param(task.id())
                .update();
        assertThat(claimOne().attempts()).isEqualTo(2);
    }

    @Test
    void expireGivesBackOnlyJobsWhoseLeaseRanOut() {
        TaskRecord held = enqueue(null);
        claimOne();
        TaskRecord orphan = enqueue(null);
        lifecycle.claim(node, Duration.ofMillis(1), 1);
        jdbc.sql("update jobs set lease_expires_at = now() - interval '1 second' where task_id = ?")
                .param(orphan.id())
                .update();
        assertThat(lifecycle.expire()).isEqualTo(1);
        assertThat(jobStatus(orphan.id())).isEqualTo(JobStatus.QUEUED);
        assertThat(jobStatus(held.id())).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void releaseGivesBackTheJobsOfOneNodeAndTheirLeasesNoLongerHold() {
        TaskRecord task = enqueue(null);
        Claim claim = claimOne();
        UUID other = UUID.randomUUID();
        jdbc.sql("insert into nodes (id, slug, max_concurrency) values (?, ?, 64)")
                .params(other, "n-" + other)
                .update();
        TaskRecord elsewhere = enqueue(null);
        lifecycle.claim(other, LEASE, 1);
        assertThat(lifecycle.release(node, "node revoked")).isEqualTo(1);
        assertThat(jobStatus(task.id())).isEqualTo(JobStatus.QUEUED);
        assertThat(jobStatus(elsewhere.id())).as("another node's job").isEqualTo(JobStatus.RUNNING);
        assertThat(lifecycle.complete(claim, JobStatus.COMPLETED, "{}", "late"))
                .as("the revoked node's late result")
                .isFalse();
    }

    @Test
    void aNodeThatIsNotActiveClaimsNothing() {
        TaskRecord task = enqueue(null);
        for (String status : List.of("draining", "revoked", "pending")) {
            jdbc.sql("update nodes set status = ? where id = ?")
                    .params(status, node)
                    .update();
            assertThat(lifecycle.claim(node, LEASE, 1)).as(status).isEmpty();
        }
        jdbc.sql("update nodes set status = 'active' where id = ?").param(node).update();
        assertThat(lifecycle.claim(node, LEASE, 1)).extracting(Claim::taskId).containsExactly(task.id());
    }

    UUID newOwner() {
        UUID other = UUID.randomUUID();
        jdbc.sql("insert into users (id, handle) values (?, ?)")
                .params(other, "u-" + other)
                .update();
        return other;
    }

    TaskRecord enqueueFor(JobLifecycle lc, UUID who) {
        return lc.enqueue(new NewTask(who, "u", "127.0.0.1", null, "commands", "true", JobSpec.commandLine("true")));
    }

    @Test
    void aUserWithAFullQueueDoesNotDelayAnotherUsersTaskByMoreThanOneJob() {
        UUID busy = newOwner();
        for (int i = 0; i < 20; i++) {
            enqueueFor(lifecycle, busy);
        }
        UUID other = newOwner();
        TaskRecord theirs = enqueueFor(lifecycle, other);
        Claim first = claimOne();
        assertThat(first.taskId()).as("the oldest job goes first").isNotEqualTo(theirs.id());
        assertThat(claimOne().taskId())
                .as("the next slot goes to the user with the fewest running jobs")
                .isEqualTo(theirs.id());
    }

    @Test
    void aUserRunsAtMostTheirLimitOfJobsAtOnce() {
        JobLifecycle limited = new JobLifecycle(jdbc, new JobLifecycle.Limits(2, 1000));
        UUID who = newOwner();
        for (int i = 0; i < 5; i++) {
            enqueueFor(limited, who);
        }
        assertThat(limited.claim(node, LEASE, 16)).hasSize(2);
        assertThat(limited.claim(node, LEASE, 16)).as("until one of them ends").isEmpty();
    }

    @Test
    void aUserWithTheMostTasksWaitingIsRefusedAndOthersAreNot() {
        JobLifecycle limited = new JobLifecycle(jdbc, new JobLifecycle.Limits(8, 3));
        UUID who = newOwner();
        for (int i = 0; i < 3; i++) {
            enqueueFor(limited, who);
        }
        assertThatThrownBy(() -> enqueueFor(limited, who)).isInstanceOf(JobLifecycle.QueueFull.class);
        assertThat(enqueueFor(limited, newOwner()).status()).isEqualTo(TaskStatus.QUEUED);
    }

    @Test
    void cancelEndsAQueuedTaskAtOnce() {
        TaskRecord task = enqueue(null);
        assertThat(lifecycle.cancel(task.id())).isTrue();
        assertThat(taskStatus(task.id())).isEqualTo(TaskStatus.CANCELED);
        assertThat(jobStatus(task.id())).isEqualTo(JobStatus.CANCELED);
        assertThat(lifecycle.cancel(task.id())).as("nothing left to cancel").isFalse();
        assertThat(lifecycle.claim(node, LEASE, 1)).isEmpty();
    }

    @Test
    void cancelOfARunningJobMarksItAndItsEndIsCanceled() {
        TaskRecord task = enqueue(null);
        Claim claim = claimOne();
        assertThat(lifecycle.cancel(task.id())).isTrue();
        assertThat(taskStatus(task.id()))
                .as("still running until the worker stops it")
                .isEqualTo(TaskStatus.RUNNING);
        assertThat(reads.cancelRequested(List.of(claim.leaseId()))).containsExactly(claim.jobId());
        assertThat(lifecycle.complete(claim, JobStatus.FAILED, "{}", "exit 137"))
                .isTrue();
        TaskRecord ended = reads.find(owner, task.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(TaskStatus.CANCELED);
        assertThat(ended.summary()).isEqualTo("canceled");
    }

    @Test
    void aCanceledJobGivenBackEndsCanceledWithItsTask() {
        TaskRecord task = enqueue(null);
        Claim claim = claimOne();
        lifecycle.cancel(task.id());
        lifecycle.retry(claim, "node away", Duration.ZERO);
        assertThat(jobStatus(task.id())).isEqualTo(JobStatus.CANCELED);
        assertThat(taskStatus(task.id())).isEqualTo(TaskStatus.CANCELED);
    }

    @Test
    void theDatabaseRefusesAnUnknownStatus() {
        TaskRecord task = enqueue(null);
        assertThatThrownBy(() -> jdbc.sql("update tasks set status = 'done' where id = ?")
                        .param(task.id())
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("update jobs set status = 'running' where task_id = ?")
                        .param(task.id())
                        .update())
                .as("a running job without a lease")
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
