package io.cynodeai.contracts.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The temporary files of one request's attachments, at most {@link FileRules#MAX_ATTACHMENTS}
 * of at most {@link FileRules#MAX_ATTACHMENT_BYTES} each; closing it deletes them all, whatever
 * became of the request.
 */
public final class Spools implements AutoCloseable {
    /** One more attachment than a task may have. */
    public static final class TooMany extends IOException {
        TooMany() {
            super("a task takes at most " + FileRules.MAX_ATTACHMENTS + " attachments");
        }
    }

    private final Path dir;
    private final List<Path> files = new ArrayList<>();

    /** @param dir where the temporary files go; null = the JVM's temporary directory */
    public Spools(Path dir) {
        this.dir = dir;
    }

    /**
     * Writes the next attachment from {@code write}, which is handed the file's stream.
     *
     * @throws TooMany past {@link FileRules#MAX_ATTACHMENTS}
     * @throws HashingCopy.TooLarge past {@link FileRules#MAX_ATTACHMENT_BYTES}
     */
    public Spooled spool(Writer write) throws IOException {
        if (files.size() >= FileRules.MAX_ATTACHMENTS) {
            throw new TooMany();
        }
        Path file = dir == null
                ? Files.createTempFile("cynode-attachment-", ".part")
                : Files.createTempFile(dir, "cynode-attachment-", ".part");
        files.add(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            return write.to(new Limited(out, file));
        }
    }

    /** Copies a stream in as the next attachment. */
    public Spooled spool(InputStream in) throws IOException {
        return spool(target -> target.copy(in));
    }

    @FunctionalInterface
    public interface Writer {
        Spooled to(Limited target) throws IOException;
    }

    /** Where an attachment is written: a copy from a stream, or a writer that counts what it wrote. */
    public static final class Limited {
        private final OutputStream out;
        private final Path file;

        Limited(OutputStream out, Path file) {
            this.out = out;
            this.file = file;
        }

        public Spooled copy(InputStream in) throws IOException {
            HashingCopy.Copied c = HashingCopy.copy(in, out, FileRules.MAX_ATTACHMENT_BYTES);
            return new Spooled(file, c.sizeBytes(), c.sha256());
        }

        public OutputStream stream() {
            return out;
        }

        public Path file() {
            return file;
        }
    }

    @Override
    public void close() {
        UncheckedIOException first = null;
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                if (first == null) {
                    first = new UncheckedIOException(e);
                }
            }
        }
        files.clear();
        if (first != null) {
            throw first;
        }
    }
}
