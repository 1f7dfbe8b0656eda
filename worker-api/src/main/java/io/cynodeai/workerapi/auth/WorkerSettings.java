package io.cynodeai.workerapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param tokenFile the orchestrator's bearer token as the node manager writes it (JSON with its
 *     expiry); empty = none loaded, every job call is refused 503
 */
@ConfigurationProperties("cynode.worker")
public record WorkerSettings(String tokenFile) {}
