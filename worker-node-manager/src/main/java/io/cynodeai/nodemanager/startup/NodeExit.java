package io.cynodeai.nodemanager.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Ends a running node that may not go on: the orchestrator revoked it or refused its identity
 * (nodes.md §1). It says so in its log, stops its services (the context's shutdown), and exits
 * with {@value #IDENTITY_REFUSED}, so a supervisor does not mistake it for a crash to restart into.
 */
@Component
class NodeExit {
    static final int IDENTITY_REFUSED = 3;
    private static final Logger log = LoggerFactory.getLogger(NodeExit.class);

    private final ConfigurableApplicationContext context;
    private volatile boolean exiting;

    NodeExit(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Whether the node is stopping because it may not go on (nothing to drain). */
    boolean exiting() {
        return exiting;
    }

    void identityRefused(RuntimeException why) {
        exiting = true;
        log.error("{}; the node stops", why.getMessage());
        // Off the calling thread: the shutdown stops the thread that asked for it.
        Thread.ofPlatform()
                .name("node-exit")
                .start(() -> System.exit(SpringApplication.exit(context, () -> IDENTITY_REFUSED)));
    }
}
