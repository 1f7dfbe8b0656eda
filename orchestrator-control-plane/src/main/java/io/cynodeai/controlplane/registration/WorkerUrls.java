package io.cynodeai.controlplane.registration;

import io.cynodeai.contracts.validation.InvalidPayload;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The rule for a node's Worker API URL (nodes.md §1): an {@code http} or {@code https} URL with
 * a host, an optional port and an optional path, and nothing else. The control plane sends the
 * node's bearer token there, so user info, a query or a fragment (or any other scheme) is refused.
 */
final class WorkerUrls {
    static final String FIELD = "capability.worker_api.base_url";
    private static final int MAX_LENGTH = 2048;

    private WorkerUrls() {}

    /** The URL if it follows the rule; {@code null} stays {@code null} (a node without a Worker API). */
    static String check(String url) {
        if (url == null) {
            return null;
        }
        if (url.length() > MAX_LENGTH) {
            throw InvalidPayload.of(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw refused();
        }
        String scheme = uri.getScheme();
        boolean plainOrigin = ("http".equals(scheme) || "https".equals(scheme))
                && uri.getHost() != null
                && !uri.getHost().isEmpty()
                && uri.getRawUserInfo() == null
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawAuthority() != null
                && !uri.getRawAuthority().contains("@");
        if (!plainOrigin) {
            throw refused();
        }
        return url;
    }

    private static InvalidPayload refused() {
        return InvalidPayload.of(
                FIELD,
                "must be an http or https URL with a host, an optional port and path, and no user info,"
                        + " query or fragment");
    }
}
