package io.cynodeai.gateway.task;

import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.jobs.TaskReads.Keyset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque {@code cursor} of task paging: the last task of a page (its creation time and id),
 * so the next page starts right after it however many tasks were created meanwhile.
 */
final class TaskCursor {
    private TaskCursor() {}

    static String encode(Keyset at) {
        String raw = at.createdAt().getEpochSecond() + "." + at.createdAt().getNano() + "." + at.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws InvalidPayload (400) for anything this class did not write */
    static Keyset decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = raw.split("\\.", 3);
            return new Keyset(
                    Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1])),
                    UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw InvalidPayload.of("cursor", "is not a cursor this server gave out");
        }
    }
}
