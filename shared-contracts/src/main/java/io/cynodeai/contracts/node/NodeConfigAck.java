package io.cynodeai.contracts.node;

import static io.cynodeai.contracts.validation.Check.oneOf;
import static io.cynodeai.contracts.validation.Check.optional;
import static io.cynodeai.contracts.validation.Check.required;
import static io.cynodeai.contracts.validation.Check.versionOne;

import io.cynodeai.contracts.validation.Validated;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** {@code node_config_ack_v1}: the node's answer to a configuration version. */
public record NodeConfigAck(
        Integer version,
        String nodeSlug,
        String configVersion,
        Instant ackAt,
        String status,
        Error error,
        String effectiveConfigHash)
        implements Validated {

    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String ROLLED_BACK = "rolled_back";

    @Override
    public void validate(String path) {
        versionOne(path, version);
        required(path, "node_slug", nodeSlug);
        required(path, "config_version", configVersion);
        required(path, "ack_at", ackAt);
        required(path, "status", status);
        oneOf(path, "status", status, Set.of(APPLIED, FAILED, ROLLED_BACK));
        optional(path, "error", error);
    }

    public record Error(String type, String message, Map<String, Object> details) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "type", type);
            required(path, "message", message);
        }
    }
}
