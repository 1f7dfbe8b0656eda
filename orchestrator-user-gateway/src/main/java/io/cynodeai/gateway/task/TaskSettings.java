package io.cynodeai.gateway.task;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a new task's job runs with.
 *
 * @param timeoutSeconds the job's timeout; empty = the node's default
 */
@ConfigurationProperties("cynode.tasks")
record TaskSettings(
        @DefaultValue("cynode-sandbox:latest") String defaultImage,
        @DefaultValue("none") String defaultNetworkPolicy,
        Integer timeoutSeconds) {}
