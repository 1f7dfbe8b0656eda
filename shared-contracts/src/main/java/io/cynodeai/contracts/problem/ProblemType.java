package io.cynodeai.contracts.problem;

import java.net.URI;

/** Stable RFC 9457 problem {@code type}s, one per error kind, shared by every service. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request", 400),
    UNAUTHENTICATED("unauthenticated", "Authentication required", 401),
    INVALID_CREDENTIALS("invalid-credentials", "Invalid credentials", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    IMAGE_NOT_ALLOWED("image-not-allowed", "Image not allowed", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", 406),
    CONFLICT("conflict", "Conflict", 409),
    NODE_IDENTITY_CONFLICT("node-identity-conflict", "Node identity not proven", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", "Range not satisfiable", 416),
    UNPROCESSABLE("unprocessable", "Request cannot be processed", 422),
    NO_NODE_MATCHES("no-node-matches", "No node can run this task", 422),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    TOO_MANY_JOBS("too-many-jobs", "Node is at its job concurrency limit", 429),
    NOT_READY("not-ready", "Not ready", 503),
    INFERENCE_UNAVAILABLE("inference-unavailable", "No inference path", 503),
    NO_INFERENCE_PATH("no-inference-path", "No inference path", 503),
    RUNTIME_UNAVAILABLE("runtime-unavailable", "Container runtime unavailable", 503),
    DATABASE_UNAVAILABLE("database-unavailable", "Database unavailable", 503),
    INTERNAL("internal", "Internal error", 500);

    private static final String BASE = "https://cynode.ai/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The problem type for a bare HTTP status (used for errors raised by the framework). */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status) {
                return t;
            }
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
}
