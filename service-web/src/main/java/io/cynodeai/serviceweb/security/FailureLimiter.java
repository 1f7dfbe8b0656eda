package io.cynodeai.serviceweb.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed attempts per key (a handle, a client address) in a sliding window: once a key
 * has {@code maxFailures} failures inside {@code window}, it is refused until the oldest ages out.
 *
 * <p>Where checking an attempt is slow (a password hash), {@link #tryAttempt} counts it before
 * the check, atomically, so a burst of parallel attempts evaluates at most {@code maxFailures}
 * of them; one that succeeds is {@link #forgive forgiven}. (Hand-written: the limit is on
 * failures in a sliding window, with a refund on success, which the rate limiters of Spring and
 * Resilience4j, built on permits per period, do not express.)
 */
public final class FailureLimiter {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public FailureLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** When the key is limited now: how long until it may try again. */
    public Optional<Duration> blockedFor(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times);
            if (times.size() < maxFailures) {
                return Optional.empty();
            }
            return Optional.of(
                    Duration.between(clock.instant(), times.peekFirst().plus(window)));
        }
    }

    /**
     * Counts an attempt as failed before it is checked, unless the key is limited now: then how
     * long until it may try again, and nothing is counted.
     */
    public Optional<Duration> tryAttempt(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            if (times.size() >= maxFailures) {
                return Optional.of(
                        Duration.between(clock.instant(), times.peekFirst().plus(window)));
            }
            times.addLast(clock.instant());
        }
        sweepIfLarge();
        return Optional.empty();
    }

    /** Takes back the attempt {@link #tryAttempt} counted: it succeeded. */
    public void forgive(String key) {
        Deque<Instant> times = failures.get(key);
        if (times != null) {
            synchronized (times) {
                times.pollLast();
            }
        }
    }

    public void recordFailure(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
        }
        sweepIfLarge();
    }

    private void sweepIfLarge() {
        if (failures.size() > 100_000) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue());
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    public void reset(String key) {
        failures.remove(key);
    }

    private void prune(Deque<Instant> times) {
        Instant cutoff = clock.instant().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
            times.removeFirst();
        }
    }
}
