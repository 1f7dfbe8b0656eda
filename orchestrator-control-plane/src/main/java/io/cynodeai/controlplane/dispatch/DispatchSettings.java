package io.cynodeai.controlplane.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this process claims jobs at all
 * @param lease how long a claim lasts without renewal; a process that dies loses its claims after this
 * @param maxAttempts calls to nodes that refuse or cannot be reached before the task fails
 * @param retryBase first backoff after such a call; doubled each attempt up to {@code retryMax}
 * @param retryMax the longest backoff
 * @param poll how often queued work is looked for when no notification arrives
 * @param callMargin added to a job's timeout for the HTTP call to its worker
 * @param defaultCallTimeout the HTTP call's timeout for a job without a timeout of its own
 * @param targetsEvery how often the dispatchable nodes are re-read (off the pick-up path)
 * @param renewEvery how often the leases of calls in progress are renewed
 * @param renewWhileSeenWithin a lease is renewed only while its node was heard from within this
 *     (nodes.md §2: a node cut off loses its jobs a lease later, though the call to it still waits)
 * @param sweepEvery how often jobs whose lease expired are queued again
 * @param cancelEvery how often cancel requests are forwarded to workers
 * @param maxPrompts prompt jobs this process has in flight at most (each a model request)
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
        @DefaultValue("1h") Duration defaultCallTimeout,
        @DefaultValue("500ms") Duration targetsEvery,
        @DefaultValue("5s") Duration renewEvery,
        @DefaultValue("8s") Duration renewWhileSeenWithin,
        @DefaultValue("1s") Duration sweepEvery,
        @DefaultValue("500ms") Duration cancelEvery,
        @DefaultValue("32") int maxPrompts) {}
