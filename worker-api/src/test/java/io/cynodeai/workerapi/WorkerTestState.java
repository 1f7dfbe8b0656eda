package io.cynodeai.workerapi;

import io.cynodeai.testsupport.TestEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A worker-api test's state directory: its token file (as the node manager writes it), its workspaces, the engine. */
public final class WorkerTestState {
    private WorkerTestState() {}

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine, the token file and the workspaces of {@code state}, for the worker under test. */
    public static void register(DynamicPropertyRegistry registry, Path state) {
        registry.add("cynode.sandbox.docker-host", TestEngine::dockerHost);
        registry.add(
                "cynode.worker.token-file", () -> state.resolve("token.json").toString());
        registry.add(
                "cynode.sandbox.workspace-root",
                () -> state.resolve("workspaces").toString());
    }

    /** Replaces the token file the way the node manager does (a new file moved into place). */
    public static void writeTokenJson(Path state, String json) throws IOException {
        Path tmp = state.resolve("token.json.tmp");
        Files.writeString(tmp, json);
        Files.move(tmp, state.resolve("token.json"), StandardCopyOption.ATOMIC_MOVE);
    }

    public static void writeToken(Path state, String token, Instant expires) throws IOException {
        writeTokenJson(state, "{\"token\":\"" + token + "\",\"expires_at\":\"" + expires + "\"}");
    }
}
