package io.cynodeai.jobs.files;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored file of a task: an attachment (in) or an artifact (out).
 *
 * @param path how the client named an attachment (display only); null for artifacts
 * @param jobId the job that left an artifact; null for attachments
 */
public record TaskFile(
        UUID id,
        UUID taskId,
        String kind,
        int ordinal,
        String name,
        String path,
        String contentType,
        long sizeBytes,
        String sha256,
        String blob,
        UUID jobId,
        Instant createdAt) {
    public static final String ATTACHMENT = "attachment";
    public static final String ARTIFACT = "artifact";

    /** A file to record: its name, an attachment's path as the client gave it, its type and its stored bytes. */
    public record New(String name, String path, String contentType, StoredBlob blob) {}
}
