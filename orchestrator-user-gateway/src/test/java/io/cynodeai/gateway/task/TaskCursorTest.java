package io.cynodeai.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.jobs.TaskReads.Keyset;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskCursorTest {
    @Test
    void aCursorReadsBackAsThePlaceItWasMadeFrom() {
        Keyset at = new Keyset(Instant.parse("2026-12-02T10:11:12.123456Z"), UUID.randomUUID());
        String cursor = TaskCursor.encode(at);
        assertThat(cursor).matches("[A-Za-z0-9_-]+").doesNotContain(at.id().toString());
        assertThat(TaskCursor.decode(cursor)).isEqualTo(at);
    }

    @Test
    void anythingElseIsABadCursor() {
        for (String bad : new String[] {"", "!!", "bm90LWEtY3Vyc29y", "MS4yLm5vdC1hLXV1aWQ"}) {
            assertThatThrownBy(() -> TaskCursor.decode(bad))
                    .isInstanceOf(InvalidPayload.class)
                    .hasMessageStartingWith("cursor:");
        }
    }
}
