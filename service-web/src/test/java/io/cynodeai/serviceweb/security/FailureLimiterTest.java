package io.cynodeai.serviceweb.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void ofAParallelBurstAtMostTheLimitIsLetThrough() throws Exception {
        FailureLimiter limiter = new FailureLimiter(5, Duration.ofMinutes(15), clock);
        List<Boolean> allowed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 200; i++) {
                pool.submit(() -> {
                    start.await();
                    return allowed.add(limiter.tryAttempt("victim").isEmpty());
                });
            }
            start.countDown();
        }
        assertThat(allowed).hasSize(200);
        assertThat(allowed.stream().filter(a -> a).count()).isEqualTo(5);
    }

    @Test
    void aForgivenAttemptDoesNotCountAndARefusedOneSaysHowLongToWait() {
        FailureLimiter limiter = new FailureLimiter(2, Duration.ofMinutes(15), clock);
        assertThat(limiter.tryAttempt("k")).isEmpty();
        limiter.forgive("k");
        assertThat(limiter.tryAttempt("k")).isEmpty();
        assertThat(limiter.tryAttempt("k")).isEmpty();
        assertThat(limiter.tryAttempt("k")).contains(Duration.ofMinutes(15));
        assertThat(limiter.tryAttempt("other")).as("keys are apart").isEmpty();
    }
}
