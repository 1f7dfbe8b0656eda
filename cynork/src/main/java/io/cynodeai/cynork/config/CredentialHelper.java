package io.cynodeai.cynork.config;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.output.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The credential helper protocol of cli.md: an executable run with no arguments and a minimal
 * environment, at most 10 s; one JSON line on stdin ({@code {"action":"get"}} or
 * {@code {"action":"store","secret":"…"}}), one JSON object on stdout ({@code {"secret":"…"}},
 * {@code {}} or {@code {"error":"…"}}). The secret travels only through the pipes.
 */
public final class CredentialHelper {
    private static final long TIMEOUT_SECONDS = 10;

    private final String executable;

    public CredentialHelper(String executable) {
        this.executable = executable;
    }

    /** The stored secret, if the helper has one. */
    public Optional<String> get() {
        String secret = Json.text(call(Map.of("action", "get")), "secret");
        return secret == null || secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    public void store(String secret) {
        call(Map.of("action", "store", "secret", secret));
    }

    private Object call(Map<String, String> request) {
        ProcessBuilder pb = new ProcessBuilder(executable).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        String home = env.get("HOME");
        env.clear();
        env.put("PATH", path);
        if (home != null) {
            env.put("HOME", home);
        }
        try {
            Process p = pb.start();
            // Its answer is read while it runs, so a helper that writes much cannot block on a full pipe.
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    return "";
                }
            });
            try (OutputStream in = p.getOutputStream()) {
                in.write((Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CliFailure(Exit.AUTH, "the credential helper did not answer within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new CliFailure(Exit.AUTH, "the credential helper failed (exit " + p.exitValue() + ")");
            }
            String out = answer.join();
            Object parsed = out.isEmpty() ? Map.of() : Json.parse(out);
            if (!(parsed instanceof Map)) {
                throw new CliFailure(Exit.AUTH, "the credential helper's answer is not a JSON object");
            }
            if (Json.text(parsed, "error") != null) {
                throw new CliFailure(Exit.AUTH, "the credential helper says: " + Json.text(parsed, "error"));
            }
            return parsed;
        } catch (IOException e) {
            throw new CliFailure(Exit.AUTH, "cannot run the credential helper " + executable + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(Exit.INTERNAL, "interrupted");
        }
    }
}
