package io.cynodeai.contracts.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bytes or of a string's UTF-8 form. */
public final class Sha256 {
    private Sha256() {}

    public static byte[] of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static byte[] of(String value) {
        return of(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex. */
    public static String hex(String value) {
        return HexFormat.of().formatHex(of(value));
    }

    /** The wire form of a content hash: {@code sha256:<hex>}. */
    public static String prefixed(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(of(bytes));
    }
}
