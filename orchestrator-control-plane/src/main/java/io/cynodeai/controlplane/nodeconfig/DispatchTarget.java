package io.cynodeai.controlplane.nodeconfig;

import java.util.UUID;

/**
 * A dispatchable node: active, and its latest applied configuration carries Worker API
 * connectivity. The token is the one of that acked version, so rotation never breaks dispatch.
 *
 * @param workerCertSha256 the pinned certificate of an https Worker API, or null
 */
public record DispatchTarget(
        UUID nodeId,
        String slug,
        String workerApiUrl,
        String bearerToken,
        int maxConcurrency,
        String workerCertSha256) {
    public DispatchTarget(UUID nodeId, String slug, String workerApiUrl, String bearerToken, int maxConcurrency) {
        this(nodeId, slug, workerApiUrl, bearerToken, maxConcurrency, null);
    }

    @Override
    public String toString() {
        return "DispatchTarget[" + slug + " " + workerApiUrl + " token=<redacted>]";
    }
}
