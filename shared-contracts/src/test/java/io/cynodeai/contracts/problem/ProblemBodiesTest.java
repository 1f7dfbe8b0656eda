package io.cynodeai.contracts.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemBodiesTest {

    @Test
    void theDetailOfAProblemIsQuoted() {
        assertThat(ProblemBodies.detail("{\"type\":\"x\",\"detail\":\" image not allowed \"}"))
                .isEqualTo("image not allowed");
    }

    @Test
    void anythingElseHasNoDetail() {
        assertThat(ProblemBodies.detail(null)).isEqualTo("no detail");
        assertThat(ProblemBodies.detail("<html>")).isEqualTo("no detail");
        assertThat(ProblemBodies.detail("{\"detail\":{\"a\":1}}")).isEqualTo("no detail");
        assertThat(ProblemBodies.detail("{\"title\":\"t\"}")).isEqualTo("no detail");
    }

    @Test
    void aLongDetailIsCut() {
        assertThat(ProblemBodies.detail("{\"detail\":\"" + "d".repeat(1000) + "\"}"))
                .hasSize(300);
    }
}
