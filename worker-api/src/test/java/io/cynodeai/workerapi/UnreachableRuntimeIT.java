package io.cynodeai.workerapi;

import static io.cynodeai.workerapi.WorkerApiIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A worker whose engine socket does not answer: not ready, and jobs get a clear 503. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreachableRuntimeIT {
    static final String TOKEN = "unreachable-runtime-token-" + UUID.randomUUID();
    static Path state;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        state = Files.createTempDirectory("worker-no-engine");
        Files.writeString(
                state.resolve("token.json"),
                "{\"token\":\"" + TOKEN + "\",\"expires_at\":\"" + Instant.now().plusSeconds(3600) + "\"}");
        registry.add("cynode.sandbox.docker-host", () -> "unix://" + state.resolve("no-engine.sock"));
        // a worker on its own allows only what its own list names
        registry.add("cynode.sandbox.allowed-images", () -> "cynode-sandbox:latest");
        registry.add(
                "cynode.worker.token-file", () -> state.resolve("token.json").toString());
        registry.add(
                "cynode.sandbox.workspace-root",
                () -> state.resolve("workspaces").toString());
    }

    @LocalServerPort
    int port;

    @Test
    void notReadyAndJobsGetAClearError() {
        TestHttp http = new TestHttp("http://127.0.0.1:" + port);
        Reply ready = http.get("/readyz", null);
        assertProblem(ready, 503);
        assertThat(ready.body()).contains("container runtime").contains("does not answer");
        Reply run = http.post(
                "/v1/worker/jobs:run",
                TOKEN,
                WorkerApiIT.job(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "echo hi", null, 5, null));
        assertProblem(run, 503);
        assertThat(run.body()).contains("runtime-unavailable");
        assertThat(run.header("Retry-After")).isNotBlank();
    }
}
