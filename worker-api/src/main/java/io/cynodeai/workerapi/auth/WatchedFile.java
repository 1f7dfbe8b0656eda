package io.cynodeai.workerapi.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.function.Function;

/**
 * A small file that the node-manager replaces atomically; re-parsed whenever its modification
 * time or size changes, so a new version takes effect at the next request without a restart.
 */
public final class WatchedFile<T> {
    private final Path path;
    private final Function<String, T> parse;
    private volatile Snapshot<T> snapshot;

    private record Snapshot<T>(Object key, long size, T value) {}

    public WatchedFile(Path path, Function<String, T> parse) {
        this.path = path;
        this.parse = parse;
    }

    /** Whether a file is named at all (it may still be missing). */
    public boolean configured() {
        return path != null;
    }

    /** The current content, or empty when the file is missing or unreadable. */
    public Optional<T> current() {
        if (path == null) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            Object key = attrs.fileKey() == null
                    ? attrs.lastModifiedTime()
                    : attrs.fileKey() + "@" + attrs.lastModifiedTime();
            Snapshot<T> s = snapshot;
            if (s == null || !s.key().equals(key) || s.size() != attrs.size()) {
                s = new Snapshot<>(key, attrs.size(), parse.apply(Files.readString(path)));
                snapshot = s;
            }
            return Optional.ofNullable(s.value());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
