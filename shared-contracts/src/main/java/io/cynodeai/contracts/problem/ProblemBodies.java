package io.cynodeai.contracts.problem;

import io.cynodeai.contracts.json.Json;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reads the problem details another CyNodeAI service answered (RFC 9457), as its clients quote them. */
public final class ProblemBodies {
    private static final int DETAIL_MAX = 300;

    private ProblemBodies() {}

    /** The problem's {@code detail}, at most 300 characters, or "no detail" when the body is not a problem. */
    public static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "no detail";
        }
        try {
            JsonNode detail = Json.mapper().readTree(body).get("detail");
            if (detail == null || !detail.isString()) {
                return "no detail";
            }
            String d = detail.asString().strip();
            return d.length() > DETAIL_MAX ? d.substring(0, DETAIL_MAX) : d;
        } catch (RuntimeException e) {
            return "no detail";
        }
    }

    /** The problem's {@code type} when it is one of ours; empty for any other body. */
    public static Optional<ProblemType> type(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode type = Json.mapper().readTree(body).get("type");
            if (type == null || !type.isString()) {
                return Optional.empty();
            }
            for (ProblemType known : ProblemType.values()) {
                if (known.uri().toString().equals(type.asString())) {
                    return Optional.of(known);
                }
            }
        } catch (RuntimeException e) {
            // not JSON: not a problem of ours
        }
        return Optional.empty();
    }
}
