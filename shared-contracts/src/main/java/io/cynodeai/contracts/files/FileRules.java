package io.cynodeai.contracts.files;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The rules of tasks.md §5 for a task's files, in one place for the gateway, the CLI's peers and the Worker API. */
public final class FileRules {
    /** Attachments per task at most. */
    public static final int MAX_ATTACHMENTS = 16;
    /** Bytes per attachment at most. */
    public static final long MAX_ATTACHMENT_BYTES = 10L << 20;
    /** Bytes of a file name at most (UTF-8). */
    public static final int MAX_NAME_BYTES = 255;

    private FileRules() {}

    /** A name as it may be shown (in a result, a log line): control characters as {@code ?}, at most 200 characters. */
    public static String printable(String name) {
        String shown = name.codePoints()
                .map(cp -> Character.isISOControl(cp) ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return shown.length() > 200 ? shown.substring(0, 200) + "…" : shown;
    }

    /**
     * Why {@code name} is not a plain file name (empty, over 255 bytes of UTF-8, holding {@code /},
     * {@code \}, {@code ..} or a control character), or empty when it is one.
     */
    public static Optional<String> invalidName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("must be a file name, not empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return Optional.of("must be at most " + MAX_NAME_BYTES + " bytes");
        }
        if (name.contains("/") || name.contains("\\")) {
            return Optional.of("must be a plain file name, without '/' or '\\'");
        }
        if (name.equals(".") || name.contains("..")) {
            return Optional.of("must not be '.' or contain '..'");
        }
        if (name.codePoints().anyMatch(cp -> Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029)) {
            return Optional.of("must not contain control characters");
        }
        return Optional.empty();
    }
}
