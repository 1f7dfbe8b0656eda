package io.cynodeai.contracts.worker;

import java.util.Set;

/** Sandbox network policies of Phase 1. */
public enum NetworkPolicy {
    /** No interface but loopback. */
    NONE("none"),
    /** A node-internal network with no route off the host and no outside DNS (deny all egress). */
    RESTRICTED("restricted");

    public static final Set<String> WIRE_VALUES = Set.of("none", "restricted");

    private final String wire;

    NetworkPolicy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
