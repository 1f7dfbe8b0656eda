package io.cynodeai.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskNamesTest {
    @Test
    void aNameIsLowerCaseWordsJoinedBySingleDashes() {
        assertThat(TaskNames.normalise("  My Build!! ")).contains("my-build");
        assertThat(TaskNames.normalise("Release_2026--12/01")).contains("release-2026-12-01");
        assertThat(TaskNames.normalise("Café Ünïcode")).contains("caf-n-code");
    }

    @Test
    void nothingLeftIsNoName() {
        assertThat(TaskNames.normalise("***")).isEmpty();
        assertThat(TaskNames.normalise("")).isEmpty();
        assertThat(TaskNames.normalise("日本語")).isEmpty();
    }

    @Test
    void aLongNameIsCutToTheLimitWithoutATrailingDash() {
        String cut = TaskNames.normalise("a".repeat(63) + " tail").orElseThrow();
        assertThat(cut).isEqualTo("a".repeat(63));
        assertThat(TaskNames.normalise("b".repeat(100)).orElseThrow()).hasSize(TaskNames.MAX);
    }
}
