package io.cynodeai.workerapi.sandbox;

/**
 * Where a job's output goes while it runs (tasks.md §4): each piece of text as it is read, of
 * {@code stdout} or {@code stderr}, only what the output cap keeps, whole UTF-8 characters only.
 */
@FunctionalInterface
public interface LiveOutput {
    LiveOutput NONE = (stream, text) -> {};

    void chunk(String stream, String text);
}
