package io.cynodeai.serviceweb.http;

/** The largest request body a service accepts, in bytes; may change while running. */
@FunctionalInterface
public interface RequestBodyLimit {
    long maxBytes();
}
