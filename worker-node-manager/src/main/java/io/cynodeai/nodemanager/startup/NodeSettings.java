package io.cynodeai.nodemanager.startup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The node manager's own settings (the node's behaviour is in its YAML).
 *
 * @param config the node YAML ({@code CYNODE_NODE_CONFIG}; {@code --config} wins)
 * @param workerApiJar the worker-api jar to run ({@code CYNODE_WORKER_API_JAR}); empty = found beside this one
 * @param tokenGrace how long a replaced Worker API token is still accepted
 * @param startupRetryTimeout how long registration at start keeps trying before the node gives up
 */
@ConfigurationProperties("cynode.node")
record NodeSettings(
        @DefaultValue("/etc/cynode/node.yaml") String config,
        @DefaultValue("") String workerApiJar,
        @DefaultValue("60s") Duration tokenGrace,
        @DefaultValue("5m") Duration startupRetryTimeout) {}
