package io.cynodeai.cynork.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.cynork.CliFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskWatchCommandTest {
    @Test
    void anIntervalIsADurationOfAtLeastOneSecond() {
        assertThat(TaskWatchCommand.interval("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(TaskWatchCommand.interval("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(TaskWatchCommand.interval("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(TaskWatchCommand.interval("1m")).isEqualTo(Duration.ofMinutes(1));
        for (String bad : new String[] {"999ms", "0s", "fast", "-1s", "2h"}) {
            assertThatThrownBy(() -> TaskWatchCommand.interval(bad))
                    .isInstanceOf(CliFailure.class)
                    .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(2));
        }
    }
}
