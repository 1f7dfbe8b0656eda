package io.cynodeai.contracts.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.user.UserBodies.CreateUserRequest;
import io.cynodeai.contracts.worker.RunJobRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireValidationTest {
    static final String TASK = UUID.randomUUID().toString();

    static RunJobRequest job(RunJobRequest.Sandbox sandbox) {
        return new RunJobRequest(1, TASK, UUID.randomUUID().toString(), sandbox);
    }

    static void refused(Object payload, String field, String message) {
        assertThatThrownBy(() -> WireValidation.check(payload)).isInstanceOfSatisfying(InvalidPayload.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isEqualTo(field + ": " + message);
        });
    }

    @Test
    void aValidPayloadPasses() {
        var ok = job(new RunJobRequest.Sandbox("img", List.of("sh", "-c", "true"), Map.of("A", "1"), 5, "none"));
        assertThat(WireValidation.check(ok)).isSameAs(ok);
    }

    @Test
    void aFieldIsNamedAsTheWireSpellsIt() {
        refused(new RunJobRequest(1, TASK, TASK, null), "sandbox", "is required");
        refused(
                new RunJobRequest(2, TASK, TASK, new RunJobRequest.Sandbox("i", List.of("x"), null, null, null)),
                "version",
                "must be 1");
        refused(
                job(new RunJobRequest.Sandbox("i", List.of("x"), null, 0, null)),
                "sandbox.timeout_seconds",
                "must be positive");
        refused(
                job(new RunJobRequest.Sandbox("i", List.of("x"), null, null, "host")),
                "sandbox.network_policy",
                "must be one of [none, restricted]");
    }

    @Test
    void listElementsAndMapEntriesAreChecked() {
        refused(
                job(new RunJobRequest.Sandbox("i", Arrays.asList("sh", null), null, null, null)),
                "sandbox.command[1]",
                "must not be null");
        refused(
                job(new RunJobRequest.Sandbox("i", List.of("x"), Map.of("A=B", "v"), null, null)),
                "sandbox.env[A=B]",
                "must be a non-empty name without '=' and a string value");
    }

    @Test
    void uuidsMustBeCanonical() {
        var sandbox = new RunJobRequest.Sandbox("i", List.of("x"), null, null, null);
        // UUID.fromString takes all of these; each would name a second workspace for one task
        for (String spelling :
                List.of("1-1-1-1-1", TASK.toUpperCase(java.util.Locale.ROOT), "{" + TASK + "}", TASK + " ")) {
            refused(new RunJobRequest(1, spelling, TASK, sandbox), "task_id", "must be a UUID");
            refused(new RunJobRequest(1, TASK, spelling, sandbox), "job_id", "must be a UUID");
        }
        assertThat(Wire.canonicalUuid(TASK)).isTrue();
        assertThat(Wire.canonicalUuid("1-1-1-1-1")).isFalse();
    }

    @Test
    void aPasswordIsCountedInCharactersAPersonSees() {
        String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units
        WireValidation.check(new CreateUserRequest("alice", emoji.repeat(100), null, null));
        refused(
                new CreateUserRequest("alice", emoji.repeat(11), null, null),
                "password",
                "must be 12 to 128 characters long");
    }

    @Test
    void jsonReadChecksTheRulesToo() {
        assertThatThrownBy(() -> Json.read("{\"handle\":\"a\",\"password\":\"\"}", CreateUserRequest.class))
                .isInstanceOf(InvalidPayload.class)
                .hasMessage("password: is required");
    }
}
