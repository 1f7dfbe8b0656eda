package io.cynodeai.controlplane.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lease how long a claim lasts without renewal; a process that dies loses its claims after this
 * @param maxAttempts calls to nodes that refuse or cannot be reached before the task fails
 * @param retryBase first backoff after such a call; doubled each attempt up to {@code retryMax}
 * @param poll how often queued work is looked for when no notification arrives
 * @param callMargin added to a job's timeout for the HTTP call to its worker
 */
@ConfigurationProperties("cynode.dispatch")
record DispatchSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("1s") Duration retryBase,
        @DefaultValue("30s") Duration retryMax,
        @DefaultValue("1s") Duration poll,
        @DefaultValue("30s") Duration callMargin,
        @DefaultValue("1h") Duration defaultCallTimeout) {

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 16);
        Duration d = retryBase.multipliedBy(factor);
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }
}
