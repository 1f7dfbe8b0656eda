package io.cynodeai.localstate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local run's state directory ({@code CYNODE_STATE_DIR}, default {@code .cynode}). Secrets
 * that are not configured are generated once into {@code secrets/} with owner-only permissions,
 * so no secret ever has a default value in code.
 */
public final class StateDir {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StateDir() {}

    public static Path root() {
        String dir = System.getenv("CYNODE_STATE_DIR");
        return Path.of(dir == null || dir.isBlank() ? ".cynode" : dir).toAbsolutePath();
    }

    /**
     * The configured value when there is one, else the secret stored under {@code secrets/name},
     * generated (base64url of {@code bytes} random bytes) on first use.
     */
    public static String secret(String configured, String name, int bytes) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = root().resolve("secrets").resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] raw = new byte[bytes];
            RANDOM.nextBytes(raw);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            writeOwnerOnly(file, value);
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the secret " + name + " under " + file.getParent(), e);
        }
    }

    /** Writes a file atomically with mode 0600 (its directory 0700); an existing file is replaced. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
