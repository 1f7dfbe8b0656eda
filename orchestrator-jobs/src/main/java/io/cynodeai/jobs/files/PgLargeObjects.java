package io.cynodeai.jobs.files;

import io.cynodeai.contracts.files.HashingCopy;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * Blobs as PostgreSQL large objects ({@code pg-lo:<oid>}): no extra server for a local run. A
 * large object is read and written inside a transaction, so each write and each open stream has a
 * connection of its own (not the caller's transaction, which may be on another thread); a write
 * and its garbage record commit together, and a write that fails rolls back, large object and all.
 * pgjdbc's own streams move 1–4 KiB per round trip; these read and write 256 KiB per call,
 * whatever size the caller's reads and writes are (a network stream's are often 8–16 KiB).
 */
public final class PgLargeObjects implements BlobStore {
    public static final String SCHEME = "pg-lo";
    /** Bytes per round trip to the server, whatever size the caller reads or writes in. */
    private static final int CHUNK = 256 << 10;

    private final DataSource dataSource;

    public PgLargeObjects(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public StoredBlob put(InputStream in, long size, long max, Duration grace) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (var async = c.createStatement()) {
                    // The commit that names the blob (the task's, the result's) is durable, and a
                    // commit waits for all the WAL before it: this one need not wait on its own.
                    async.execute("set local synchronous_commit = off");
                }
                LargeObjectManager lom = c.unwrap(PGConnection.class).getLargeObjectAPI();
                long oid = lom.createLO(LargeObjectManager.READWRITE);
                HashingCopy.Copied copied;
                try (LargeObject lo = lom.open(oid, LargeObjectManager.WRITE);
                        OutputStream out = new BufferedOutputStream(new LoOutput(lo), CHUNK)) {
                    copied = HashingCopy.copy(in, out, max);
                }
                if (size >= 0 && copied.sizeBytes() != size) {
                    throw new IOException("the file ended after " + copied.sizeBytes() + " of " + size + " bytes");
                }
                String key = SCHEME + ":" + oid;
                try (PreparedStatement p = c.prepareStatement("insert into blob_garbage (blob, not_before)"
                        + " values (?, now() + make_interval(secs => ?))")) {
                    p.setString(1, key);
                    p.setLong(2, grace.toSeconds());
                    p.executeUpdate();
                }
                c.commit();
                return new StoredBlob(key, copied.sizeBytes(), copied.sha256());
            } catch (IOException | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("the database could not store the file: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        long oid = oid(key);
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            LargeObject lo = c.unwrap(PGConnection.class).getLargeObjectAPI().open(oid, LargeObjectManager.READ);
            lo.seek64(offset, LargeObject.SEEK_SET);
            return new BufferedInputStream(new LoInput(c, lo), CHUNK);
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the first failure is the one to report
                }
            }
            throw new IOException("the database could not read the file: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        long oid = oid(key);
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "select lo_unlink(oid) from pg_largeobject_metadata" + " where oid = cast(? as oid)")) {
            p.setLong(1, oid);
            p.execute();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("could not delete " + key + ": " + e.getMessage(), e));
        }
    }

    private static long oid(String key) {
        if (!key.startsWith(SCHEME + ":")) {
            throw new IllegalArgumentException("not a large object: " + key);
        }
        return Long.parseLong(key.substring(SCHEME.length() + 1));
    }

    private static final class LoOutput extends OutputStream {
        private final LargeObject lo;

        LoOutput(LargeObject lo) {
            this.lo = lo;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                lo.write(b, off, len);
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    /** Reads the large object in the caller's chunks; closing it ends the transaction and frees the connection. */
    private static final class LoInput extends InputStream {
        private final Connection connection;
        private final LargeObject lo;
        private boolean closed;

        LoInput(Connection connection, LargeObject lo) {
            this.connection = connection;
            this.lo = lo;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            try {
                int n = lo.read(b, off, len);
                return n <= 0 ? -1 : n;
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (connection) {
                lo.close();
                connection.commit();
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }
}
