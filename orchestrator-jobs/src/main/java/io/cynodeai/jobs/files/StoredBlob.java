package io.cynodeai.jobs.files;

/**
 * Bytes written to a blob store: its key ({@code <scheme>:<id>}), how many bytes, their SHA-256 (hex).
 * Until a task file names it ({@link TaskFiles}), it is garbage once its grace has passed.
 */
public record StoredBlob(String key, long sizeBytes, String sha256) {}
