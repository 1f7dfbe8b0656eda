package io.cynodeai.jobs.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The blob stores of this deployment: new blobs go to the configured one; a blob is read and
 * deleted by the store its key names, so blobs written before a change of store stay readable
 * while that store is configured. Also the sweep of {@code blob_garbage}.
 */
public class Blobs {
    private static final Logger log = LoggerFactory.getLogger(Blobs.class);

    private final BlobStore target;
    private final Map<String, BlobStore> byScheme;
    private final Duration grace;
    private final JdbcClient jdbc;

    public Blobs(BlobStore target, List<BlobStore> all, Duration grace, JdbcClient jdbc) {
        this.target = target;
        this.byScheme = all.stream().collect(Collectors.toMap(BlobStore::scheme, Function.identity(), (a, b) -> a));
        this.grace = grace;
        this.jdbc = jdbc;
    }

    /** The configured store's scheme ({@code pg-lo}, {@code s3}). */
    public String scheme() {
        return target.scheme();
    }

    /** Stores a file's bytes (see {@link BlobStore#put}); garbage after the grace unless a task file names it. */
    public StoredBlob put(InputStream in, long size, long max) throws IOException {
        return target.put(in, size, max, grace);
    }

    public InputStream open(String key, long offset) throws IOException {
        return store(key).open(key, offset);
    }

    /** These blobs are not wanted after all: the next sweep deletes them. */
    public void discard(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("update blob_garbage set not_before = now() where blob = any(:keys)")
                .param("keys", keys.toArray(String[]::new))
                .update();
    }

    /**
     * Deletes up to {@code max} blobs whose grace has passed (from their store, then their record);
     * one whose store is not configured here, or fails, is left for a later sweep.
     *
     * @return how many were deleted
     */
    public int sweep(int max) {
        List<String> due = jdbc.sql(
                        "select blob from blob_garbage where not_before <= now()" + " order by not_before limit :max")
                .param("max", max)
                .query(String.class)
                .list();
        int deleted = 0;
        for (String key : due) {
            BlobStore store = byScheme.get(scheme(key));
            if (store == null) {
                continue;
            }
            try {
                store.delete(key);
                jdbc.sql("delete from blob_garbage where blob = :key and not_before <= now()")
                        .param("key", key)
                        .update();
                deleted++;
            } catch (RuntimeException e) {
                log.warn("could not delete blob {} (tried again at the next sweep): {}", key, e.getMessage());
            }
        }
        return deleted;
    }

    private BlobStore store(String key) {
        BlobStore store = byScheme.get(scheme(key));
        if (store == null) {
            throw new IllegalStateException("no store for " + scheme(key) + " blobs is configured here");
        }
        return store;
    }

    private static String scheme(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? "" : key.substring(0, colon);
    }
}
