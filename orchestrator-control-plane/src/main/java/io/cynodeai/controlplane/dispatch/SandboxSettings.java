package io.cynodeai.controlplane.dispatch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a sandbox job runs with: the control plane turns a job's spec into a Worker API request
 * with these.
 *
 * @param defaultImage the sandbox image
 * @param defaultNetworkPolicy the sandbox's network ({@code none} or {@code restricted})
 * @param timeoutSeconds the job's timeout; empty = the node's default
 */
@ConfigurationProperties("cynode.tasks")
record SandboxSettings(
        @DefaultValue("cynode-sandbox:latest") String defaultImage,
        @DefaultValue("none") String defaultNetworkPolicy,
        Integer timeoutSeconds) {}
