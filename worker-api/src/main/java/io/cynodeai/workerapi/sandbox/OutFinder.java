package io.cynodeai.workerapi.sandbox;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.contracts.worker.RunJobResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Regular files under a job's {@code out/}; links and everything else reported; nothing followed. */
final class OutFinder extends SimpleFileVisitor<Path> {
    static final int MAX_DEPTH = 32;
    private static final int MAX_NAME_BYTES = 1024;

    record Found(String name, Path path, long size) {}

    private final Path out;
    private final List<Found> found;
    private final List<RunJobResult.Omitted> omitted;

    OutFinder(Path out, List<Found> found, List<RunJobResult.Omitted> omitted) {
        this.out = out;
        this.found = found;
        this.omitted = omitted;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String name = name(file);
        if (attrs.isSymbolicLink()) {
            omitted.add(new RunJobResult.Omitted(name, "a symbolic link; not followed"));
        } else if (attrs.isDirectory()) {
            omitted.add(new RunJobResult.Omitted(name, "deeper than " + MAX_DEPTH + " directories"));
        } else if (!attrs.isRegularFile()) {
            omitted.add(new RunJobResult.Omitted(name, "not a regular file"));
        } else if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                || name.codePoints().anyMatch(Character::isISOControl)) {
            omitted.add(new RunJobResult.Omitted(
                    FileRules.printable(name), "its name is too long or has control characters"));
        } else {
            found.add(new Found(name, file, attrs.size()));
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
        omitted.add(new RunJobResult.Omitted(FileRules.printable(name(file)), "could not be read"));
        return FileVisitResult.CONTINUE;
    }

    private String name(Path file) {
        return out.relativize(file).toString();
    }
}
