package io.cynodeai.controlplane;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicBaseUrl the control plane's URL as nodes reach it; every URL handed to a node is built from it
 */
@ConfigurationProperties("cynode.control-plane")
public record ControlPlaneSettings(
        @DefaultValue("http://127.0.0.1:12082") String publicBaseUrl) {

    /** The base URL without a trailing slash. */
    public String baseUrl() {
        return publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }
}
