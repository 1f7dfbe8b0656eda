package io.cynodeai.jobs.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Where a task file's bytes are kept. Every blob is written streaming (never held whole) and
 * recorded in {@code blob_garbage} with a grace before it is visible, so a writer that dies midway
 * leaves nothing behind once the grace has passed; naming it in a task file keeps it.
 */
public interface BlobStore {
    /** The prefix of this store's keys. */
    String scheme();

    /**
     * Stores the bytes of {@code in}, committed.
     *
     * @param size how many bytes {@code in} holds, when known (-1 otherwise)
     * @param max the most it may hold
     * @throws io.cynodeai.contracts.files.HashingCopy.TooLarge when it held more (nothing is kept)
     */
    StoredBlob put(InputStream in, long size, long max, Duration grace) throws IOException;

    /** The blob's bytes from {@code offset} on; close it when done (it may hold a connection). */
    InputStream open(String key, long offset) throws IOException;

    /** Deletes the blob; one already gone is no error. */
    void delete(String key);
}
