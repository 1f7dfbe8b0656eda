package io.cynodeai.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a node counts as gone (nodes.md §2, heartbeats), the same in every orchestrator service.
 *
 * @param unreachableAfter a node not heard from for this long is {@code unreachable}: it gets no
 *     new job and no model request, and the administrators' view says so; the default is three
 *     missed heartbeats of the node manager's default 5 s
 */
@ConfigurationProperties("cynode.nodes")
public record NodeLiveness(@DefaultValue("15s") Duration unreachableAfter) {
    public static final NodeLiveness DEFAULT = new NodeLiveness(Duration.ofSeconds(15));

    /** {@link #unreachableAfter} in seconds, as the SQL's {@code make_interval(secs => …)} takes it. */
    public double unreachableSeconds() {
        return unreachableAfter.toMillis() / 1000.0;
    }
}
