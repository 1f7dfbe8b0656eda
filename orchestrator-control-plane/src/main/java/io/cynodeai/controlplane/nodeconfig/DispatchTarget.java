package io.cynodeai.controlplane.nodeconfig;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dispatchable node ({@link DispatchTargets}) as last read: its Worker API, with the token of
 * its latest applied configuration (so rotation never breaks dispatch), and its state then.
 *
 * @param workerCertSha256 the pinned certificate of an https Worker API, or null
 */
public record DispatchTarget(
        UUID nodeId,
        String slug,
        String workerApiUrl,
        String bearerToken,
        int maxConcurrency,
        String workerCertSha256,
        State state) {

    /**
     * What placement weighs (nodes.md §2).
     *
     * @param runningJobs the jobs it held when read, of every control plane
     * @param lastClaimedAt when a job last went to it ({@link Instant#EPOCH}: never)
     * @param lastSeenAt its last report or call
     */
    public record State(List<String> labels, int runningJobs, Instant lastClaimedAt, Instant lastSeenAt) {
        public static final State IDLE = new State(List.of(), 0, Instant.EPOCH, Instant.EPOCH);
    }

    public DispatchTarget(UUID nodeId, String slug, String workerApiUrl, String bearerToken, int maxConcurrency) {
        this(nodeId, slug, workerApiUrl, bearerToken, maxConcurrency, null, State.IDLE);
    }

    @Override
    public String toString() {
        return "DispatchTarget[" + slug + " " + workerApiUrl + " token=<redacted>]";
    }
}
