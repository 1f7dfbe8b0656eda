package io.cynodeai.contracts.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies a stream to another, counting and hashing (SHA-256) as it goes, never holding more than
 * one buffer: how every service moves a file's bytes.
 */
public final class HashingCopy {
    private static final int BUFFER = 256 << 10;

    /** What was copied: how many bytes, and their SHA-256 in lower-case hex. */
    public record Copied(long sizeBytes, String sha256) {}

    /** The source held more than the copy may take; what was written so far is the caller's to discard. */
    public static final class TooLarge extends IOException {
        private final long max;

        public TooLarge(long max) {
            super("the file is larger than " + max + " bytes");
            this.max = max;
        }

        public long max() {
            return max;
        }
    }

    private HashingCopy() {}

    /**
     * Copies all of {@code in} to {@code out}.
     *
     * @throws TooLarge as soon as more than {@code max} bytes have come
     */
    public static Copied copy(InputStream in, OutputStream out, long max) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(8192, max + 1))];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new TooLarge(max);
            }
            sha.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        return new Copied(total, HexFormat.of().formatHex(sha.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
