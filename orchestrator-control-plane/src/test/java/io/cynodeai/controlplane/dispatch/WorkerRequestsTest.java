package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.jobs.Claim;
import io.cynodeai.jobs.JobSpec;
import java.nio.charset.StandardCharsets;
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
        var requests = new WorkerRequests(
                new SandboxSettings("img:1", "none", null), DISPATCH, io.cynodeai.jobs.files.FilesSettings.defaults());
        Claim claim = claim("{\"input_mode\":\"commands\",\"commands\":[\"echo hello\"]}");
        RunJobRequest r = requests.toRunJob(claim, t -> java.util.List.of()).request();
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

    /** Runs the sandbox's argv with this machine's sh: what the lines print, and the exit code. */
    static String[] run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {out, String.valueOf(p.waitFor())};
    }

    @Test
    void severalCommandLinesRunInOrderInOneShellAndStopAtTheFirstFailure() throws Exception {
        List<String> argv = WorkerRequests.command(JobSpec.commands(
                List.of(
                        "cd /tmp # a comment ends its own line",
                        "x='it''s'; echo \"$PWD $x\"",
                        "(exit 7)",
                        "echo never"),
                null));
        assertThat(argv.subList(0, 2)).containsExactly("sh", "-c");
        assertThat(run(argv)).containsExactly("/tmp its\n", "7");
        assertThat(run(WorkerRequests.command(JobSpec.commands(List.of("echo a", "echo b"), null))))
                .containsExactly("a\nb\n", "0");
    }

    @Test
    void aScriptTravelsInPiecesThatJoinToItAndFitAnArgument() {
        String script = "echo 'start'\n" + "# é€😀 ".repeat(20_000) + "\necho end\n";
        var requests = new WorkerRequests(
                new SandboxSettings("i", "none", 30), DISPATCH, io.cynodeai.jobs.files.FilesSettings.defaults());
        List<String> argv = requests.toRunJob(claim(Json.write(JobSpec.script(script, 9))), t -> java.util.List.of())
                .request()
                .sandbox()
                .command();
        assertThat(argv.get(2)).contains(WorkerRequests.SCRIPT_PATH);
        List<String> pieces = argv.subList(4, argv.size());
        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat(String.join("", pieces)).isEqualTo(script);
        assertThat(pieces)
                .allSatisfy(p ->
                        assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(128 * 1024));
        assertThat(requests.toRunJob(claim(Json.write(JobSpec.script(script, 9))), t -> java.util.List.of())
                        .request()
                        .sandbox()
                        .timeoutSeconds())
                .as("the task's own timeout wins over the default")
                .isEqualTo(9);
    }

    @Test
    void theCallWaitsForTheJobsTimeoutAndAMargin() {
        var withTimeout = new WorkerRequests(
                new SandboxSettings("i", "none", 20), DISPATCH, io.cynodeai.jobs.files.FilesSettings.defaults());
        RunJobRequest r = withTimeout
                .toRunJob(claim("{\"input_mode\":\"commands\",\"commands\":[\"x\"]}"), t -> java.util.List.of())
                .request();
        assertThat(withTimeout.callTimeout(r)).isEqualTo(Duration.ofSeconds(20).plus(DISPATCH.callMargin()));
        var without = new WorkerRequests(
                new SandboxSettings("i", "none", null), DISPATCH, io.cynodeai.jobs.files.FilesSettings.defaults());
        RunJobRequest r2 = without.toRunJob(
                        claim("{\"input_mode\":\"commands\",\"commands\":[\"x\"]}"), t -> java.util.List.of())
                .request();
        assertThat(without.callTimeout(r2))
                .isEqualTo(DISPATCH.defaultCallTimeout().plus(DISPATCH.callMargin()));
    }

    @Test
    void aPayloadThatIsNotASpecIsRefused() {
        var requests = new WorkerRequests(
                new SandboxSettings("i", "none", null), DISPATCH, io.cynodeai.jobs.files.FilesSettings.defaults());
        assertThatThrownBy(() -> requests.toRunJob(claim("{\"version\":1}"), t -> java.util.List.of())
                        .request())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> requests.toRunJob(claim("not json"), t -> java.util.List.of())
                        .request())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
