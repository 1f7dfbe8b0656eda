package io.cynodeai.workerapi.sandbox;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaTypeFactory;
import org.springframework.util.FileSystemUtils;

/**
 * A job's files in and out of its task's workspace (tasks.md §5), on the host side of the mount.
 * Attachments are written by the worker (root) into {@code attachments/}: files 0444 and a
 * directory 0555 the sandbox user can read and not change, bind-mounted read-only at {@code
 * /workspace/attachments}. Artifacts are the regular files under {@code out/} when the job has
 * ended, copied to the job's staging directory for the control plane to fetch. Files are copied
 * by the kernel ({@code transferTo} between file channels) and not hashed here: worker-api runs on
 * C1 alone, which has no SHA-256 intrinsic (about 95 ms per 10 MiB against 7 ms with C2); the
 * control plane hashes what it stores, and TCP or TLS protect the transfer. Everything in the
 * workspace was made by the job, so nothing there is followed: a symbolic link (to {@code /etc},
 * say — resolved here, it would point into the host) is reported and skipped, and every file is
 * opened without following links. (A hard link cannot lead out: the workspace is a filesystem of
 * its own.)
 *
 * <p>Staging, under the workspace root: {@code .files/<job id>/in/<name>} (what the request
 * brought) and {@code .files/<job id>/out/<index>} (what was collected).
 */
final class WorkspaceFiles {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFiles.class);
    static final String ATTACHMENTS = "attachments";
    static final String OUT = "out";

    private final Path staging;

    WorkspaceFiles(Path workspaceRoot) {
        this.staging = workspaceRoot.toAbsolutePath().resolve(".files");
    }

    /** Where a job's attachments wait between its request and its start. */
    Path incoming(String jobId) {
        return staging.resolve(jobId).resolve("in");
    }

    /** The collected artifact at {@code index} of the job's list, if it is still here. */
    Optional<Path> artifact(String jobId, int index) {
        Path p = staging.resolve(jobId).resolve(OUT).resolve(Integer.toString(index));
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(p) : Optional.empty();
    }

    /** Forgets everything staged for the job. */
    void discard(String jobId) {
        try {
            FileSystemUtils.deleteRecursively(staging.resolve(jobId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the job's attachments once it has run (or could not). */
    void discardIncoming(String jobId) {
        try {
            FileSystemUtils.deleteRecursively(incoming(jobId));
        } catch (IOException e) {
            log.warn("could not remove the staged attachments of job {}: {}", jobId, e.getMessage());
        }
    }

    /** Forgets what was staged longer ago than {@code age} (the control plane never came for it). */
    void discardStaleStaging(Duration age) {
        if (!Files.isDirectory(staging)) {
            return;
        }
        Instant cutoff = Instant.now().minus(age);
        try (var jobs = Files.newDirectoryStream(staging)) {
            for (Path job : jobs) {
                if (Files.getLastModifiedTime(job, LinkOption.NOFOLLOW_LINKS)
                        .toInstant()
                        .isBefore(cutoff)) {
                    FileSystemUtils.deleteRecursively(job);
                }
            }
        } catch (IOException e) {
            log.warn("could not sweep the staged files under {}: {}", staging, e.getMessage());
        }
    }

    /**
     * Puts the job's attachments in {@code attachments/} of its workspace, in place of what an
     * earlier job left there, checking each against the size and hash the request stated.
     *
     * @return the directory to mount read-only, or empty when the job has none
     * @throws IOException when one is missing or differs (the job does not run)
     */
    Optional<Path> place(Path workspace, String jobId, List<RunJobRequest.FileRef> refs) throws IOException {
        Path dir = workspace.resolve(ATTACHMENTS);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            // Whatever the job made of it (a link, a file, its own tree): removed, nothing followed.
            FileSystemUtils.deleteRecursively(dir);
        }
        if (refs == null || refs.isEmpty()) {
            return Optional.empty();
        }
        Files.createDirectory(dir);
        Path in = incoming(jobId);
        for (RunJobRequest.FileRef ref : refs) {
            String name = ref.name();
            Optional<String> invalid = FileRules.invalidName(name);
            if (invalid.isPresent()) {
                throw new IOException("attachment name " + invalid.get());
            }
            Path target = dir.resolve(name);
            long copied;
            try (InputStream src = Files.newInputStream(in.resolve(name), LinkOption.NOFOLLOW_LINKS);
                    OutputStream dst = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                copied = src.transferTo(dst);
            } catch (NoSuchFileException e) {
                throw new IOException("the attachment '" + name + "' did not come with the request");
            }
            if (copied != ref.sizeBytes()) {
                throw new IOException("the attachment '" + name + "' is not the file the request describes");
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        return Optional.of(dir);
    }

    /** What a job left under {@code out/}: what was collected, what was left out and why. */
    record Collected(List<RunJobResult.Artifact> artifacts, List<RunJobResult.Omitted> omitted) {}

    /** The artifacts, when the request asked for them; a failure to collect them is reported, not the job's end. */
    Collected collectAsked(Path workspace, RunJobRequest request) {
        if (request.artifacts() == null) {
            return null;
        }
        try {
            return collect(workspace, request.jobId(), request.artifacts());
        } catch (IOException | RuntimeException e) {
            log.warn("job {}: its artifacts could not be collected: {}", request.jobId(), e.toString());
            return new Collected(List.of(), List.of(new RunJobResult.Omitted(OUT, "could not be read")));
        }
    }

    /** Copies the job's artifacts to its staging directory, within the limits. */
    Collected collect(Path workspace, String jobId, RunJobRequest.CollectArtifacts limits) throws IOException {
        Path out = workspace.resolve(OUT);
        List<RunJobResult.Omitted> omitted = new ArrayList<>();
        List<OutFinder.Found> found = new ArrayList<>();
        if (Files.isSymbolicLink(out)) {
            omitted.add(new RunJobResult.Omitted(OUT, "a symbolic link; not followed"));
        } else if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            Files.walkFileTree(out, Set.of(), OutFinder.MAX_DEPTH, new OutFinder(out, found, omitted));
        }
        found.sort(Comparator.comparing(OutFinder.Found::name));
        List<RunJobResult.Artifact> artifacts = new ArrayList<>();
        Path staged = staging.resolve(jobId).resolve(OUT);
        long total = 0;
        for (OutFinder.Found f : found) {
            if (artifacts.size() >= limits.maxFiles()) {
                omitted.add(new RunJobResult.Omitted(f.name(), "over the limit of " + limits.maxFiles() + " files"));
                continue;
            }
            if (total + f.size() > limits.maxBytes()) {
                omitted.add(
                        new RunJobResult.Omitted(f.name(), "over the limit of " + limits.maxBytes() + " bytes in all"));
                continue;
            }
            Files.createDirectories(staged);
            Path copy = staged.resolve(Integer.toString(artifacts.size()));
            long copied;
            try (InputStream src = Files.newInputStream(f.path(), LinkOption.NOFOLLOW_LINKS);
                    OutputStream dst = Files.newOutputStream(copy)) {
                copied = src.transferTo(dst);
            } catch (IOException e) {
                copied = -1;
            }
            if (copied < 0 || total + copied > limits.maxBytes()) {
                Files.deleteIfExists(copy);
                omitted.add(new RunJobResult.Omitted(f.name(), "could not be read"));
                continue;
            }
            total += copied;
            String type = MediaTypeFactory.getMediaType(f.name())
                    .map(Object::toString)
                    .orElse("application/octet-stream");
            artifacts.add(new RunJobResult.Artifact(f.name(), copied, null, type));
        }
        return new Collected(artifacts, omitted);
    }

    /**
     * Makes {@code out/} for the job to leave its files in, owned by the sandbox user (when the
     * workspace has none; what the job made of it is left alone).
     */
    static void prepareOut(Path workspace, String user) throws IOException {
        Path out = workspace.resolve(OUT);
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createDirectory(out);
        String[] ids = user.split(":");
        if (ids.length == 2 && ids[0].matches("\\d+") && ids[1].matches("\\d+")) {
            Files.setAttribute(out, "unix:uid", Integer.parseInt(ids[0]), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(out, "unix:gid", Integer.parseInt(ids[1]), LinkOption.NOFOLLOW_LINKS);
        }
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwx------"));
    }
}
