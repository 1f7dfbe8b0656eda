package io.cynodeai.serviceweb.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ProblemAdviceTest {

    @Test
    void aDatabaseThatDoesNotAnswerIsUnavailableNotABug() {
        // Wrapped as Spring wraps it: the connection failure is somewhere down the cause chain.
        assertThat(ProblemAdvice.databaseUnavailable(
                        new IllegalStateException("could not get a connection", new SQLException("refused", "08001"))))
                .isTrue();
        assertThat(ProblemAdvice.databaseUnavailable(new SQLException("terminating connection", "57P01")))
                .isTrue();
        assertThat(ProblemAdvice.databaseUnavailable(new SQLTransientConnectionException("pool wait timed out")))
                .isTrue();
    }

    @Test
    void otherFailuresStayInternalErrors() {
        assertThat(ProblemAdvice.databaseUnavailable(new SQLException("syntax error", "42601")))
                .isFalse();
        assertThat(ProblemAdvice.databaseUnavailable(new SQLException("no state")))
                .isFalse();
        assertThat(ProblemAdvice.databaseUnavailable(new NullPointerException()))
                .isFalse();
    }
}
