package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.en.Then;
import io.cynodeai.testsupport.TestEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Steps of a person in a browser: one flow of {@code web-console/e2e/console.test.mjs} (node's
 * test runner, playwright-core, Debian's Chromium) against the stack's gateway.
 */
public class ConsoleSteps {
    @Then("the console flow {string} passes in Chromium")
    public void flowPasses(String flow) throws IOException, InterruptedException {
        Path console = TestEngine.repoRoot().resolve("web-console");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        "node",
                        "--test",
                        "--test-reporter=tap",
                        "--test-name-pattern=^" + jsRegexLiteral(flow) + "$",
                        "e2e/console.test.mjs"))
                .directory(console.toFile())
                .redirectErrorStream(true);
        pb.environment().put("CONSOLE_URL", Stack.SCHEME + "://127.0.0.1:" + Stack.GATEWAY);
        // Given to the test process alone, in its environment (never on a command line).
        pb.environment().put("CONSOLE_ADMIN_PASSWORD", Stack.adminPassword());
        pb.environment()
                .put(
                        "CONSOLE_SCREENSHOTS",
                        Path.of("target/console-screenshots").toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the browser flow did not end: " + out);
        }
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .as("exactly this flow ran, and passed")
                .contains("# pass 1")
                .contains("# fail 0");
    }

    /** {@code text} matched literally by a JavaScript regular expression. */
    static String jsRegexLiteral(String text) {
        return text.replaceAll("[.*+?^${}()|\\[\\]\\\\]", "\\\\$0");
    }
}
