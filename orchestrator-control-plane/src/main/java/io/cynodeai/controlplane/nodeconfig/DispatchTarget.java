package io.cynodeai.controlplane.nodeconfig;

import java.util.UUID;

/**
 * A dispatchable node: active, and its latest applied configuration carries Worker API
 * connectivity. The token is the one of that acked version, so rotation never breaks dispatch.
 */
public record DispatchTarget(UUID nodeId, String slug, String workerApiUrl, String bearerToken, int maxConcurrency) {
    @Override
    public String toString() {
        return "DispatchTarget[" + slug + " " + workerApiUrl + " token=<redacted>]";
    }
}
