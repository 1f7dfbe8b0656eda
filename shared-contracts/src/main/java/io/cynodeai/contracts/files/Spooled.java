package io.cynodeai.contracts.files;

import java.nio.file.Path;

/**
 * A file a request brought, written to a temporary file as it was read (never held whole): where,
 * how many bytes, their SHA-256. Deleted with the {@link Spools} that made it.
 */
public record Spooled(Path file, long sizeBytes, String sha256) {}
