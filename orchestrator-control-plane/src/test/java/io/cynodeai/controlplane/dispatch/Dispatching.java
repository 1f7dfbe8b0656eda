package io.cynodeai.controlplane.dispatch;

import java.time.Duration;

/** Dispatch settings for unit tests: the defaults, with a fast backoff. */
final class Dispatching {
    private Dispatching() {}

    static DispatchSettings settings() {
        return new DispatchSettings(
                true,
                Duration.ofSeconds(15),
                3,
                Duration.ofMillis(100),
                Duration.ofMillis(350),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                Duration.ofSeconds(8),
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                4);
    }
}
