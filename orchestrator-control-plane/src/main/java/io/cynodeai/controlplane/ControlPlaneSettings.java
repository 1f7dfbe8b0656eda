package io.cynodeai.controlplane;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicBaseUrl the control plane's URL as nodes reach it; every URL handed to a node is built from it
 * @param peerBaseUrls the other control planes on the same database, as nodes reach them
 *     ({@code CYNODE_CONTROL_PLANE_PEER_URLS}, comma-separated): a node's bootstrap lists them,
 *     and the node turns to them when this one gives no answer (nodes.md §2)
 */
@ConfigurationProperties("cynode.control-plane")
public record ControlPlaneSettings(
        @DefaultValue("http://127.0.0.1:12082") String publicBaseUrl,
        @DefaultValue List<String> peerBaseUrls) {

    public ControlPlaneSettings {
        peerBaseUrls = peerBaseUrls.stream()
                .map(String::strip)
                .filter(u -> !u.isEmpty())
                .map(u -> u.replaceAll("/+$", ""))
                .toList();
    }

    /** The base URL without a trailing slash. */
    public String baseUrl() {
        return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }
}
