package io.cynodeai.serviceweb.http;

import jakarta.servlet.http.HttpServletRequest;

/** The largest request body a service accepts, in bytes; may change while running. */
@FunctionalInterface
public interface RequestBodyLimit {
    long maxBytes();

    /** The limit for this request: {@link #maxBytes()} unless a service allows more for some (files, tasks.md §5). */
    default long maxBytes(HttpServletRequest request) {
        return maxBytes();
    }
}
