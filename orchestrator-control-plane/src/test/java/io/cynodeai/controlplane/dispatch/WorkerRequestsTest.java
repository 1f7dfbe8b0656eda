package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.jobs.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkerRequestsTest {
    static final DispatchSettings DISPATCH = Dispatching.settings();

    static Claim claim(String spec) {
        return new Claim(
                UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), spec, 1, Instant.now(), Instant.now());
    }

    @Test
    void aCommandLineRunsWithShInTheConfiguredSandbox() {
        var requests = new WorkerRequests(new SandboxSettings("img:1", "none", null), DISPATCH);
        Claim claim = claim("{\"input_mode\":\"commands\",\"commands\":[\"echo hello\"]}");
        RunJobRequest r = requests.toRunJob(claim);
        assertThat(r.version()).isEqualTo(1);
        assertThat(r.taskId()).isEqualTo(claim.taskId().toString());
        assertThat(r.jobId()).isEqualTo(claim.jobId().toString());
        assertThat(r.sandbox().image()).isEqualTo("img:1");
        assertThat(r.sandbox().command()).containsExactly("sh", "-c", "echo hello");
        assertThat(r.sandbox().networkPolicy()).isEqualTo("none");
        assertThat(r.sandbox().env())
                .as("nothing of the control plane reaches the sandbox")
                .isNull();
    }

    @Test
    void severalCommandLinesStopAtTheFirstFailure() {
        var requests = new WorkerRequests(new SandboxSettings("i", "none", null), DISPATCH);
        RunJobRequest r = requests.toRunJob(claim("{\"input_mode\":\"commands\",\"commands\":[\"a\",\"b\"]}"));
        assertThat(r.sandbox().command()).isEqualTo(List.of("sh", "-c", "a && b"));
    }

    @Test
    void theCallWaitsForTheJobsTimeoutAndAMargin() {
        var withTimeout = new WorkerRequests(new SandboxSettings("i", "none", 20), DISPATCH);
        RunJobRequest r = withTimeout.toRunJob(claim("{\"input_mode\":\"commands\",\"commands\":[\"x\"]}"));
        assertThat(withTimeout.callTimeout(r)).isEqualTo(Duration.ofSeconds(20).plus(DISPATCH.callMargin()));
        var without = new WorkerRequests(new SandboxSettings("i", "none", null), DISPATCH);
        RunJobRequest r2 = without.toRunJob(claim("{\"input_mode\":\"commands\",\"commands\":[\"x\"]}"));
        assertThat(without.callTimeout(r2))
                .isEqualTo(DISPATCH.defaultCallTimeout().plus(DISPATCH.callMargin()));
    }

    @Test
    void aPayloadThatIsNotASpecIsRefused() {
        var requests = new WorkerRequests(new SandboxSettings("i", "none", null), DISPATCH);
        assertThatThrownBy(() -> requests.toRunJob(claim("{\"version\":1}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> requests.toRunJob(claim("not json"))).isInstanceOf(IllegalArgumentException.class);
    }
}
