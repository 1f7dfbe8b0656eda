package io.cynodeai.controlplane.dispatch;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.FilesSettings;
import io.cynodeai.jobs.files.StoredBlob;
import io.cynodeai.jobs.files.TaskFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Brings a job's artifacts (tasks.md §5) from its node into the blob store, one stream each,
 * before its result is stored. The node is not trusted (nodes.md §1): names, types, sizes and the
 * limits are checked here again, and each file's hash on arrival; one that cannot be brought is
 * added to the result's {@code artifacts_omitted}, and the result stays the job's result.
 */
@Component
class ArtifactFetch {
    private static final Logger log = LoggerFactory.getLogger(ArtifactFetch.class);
    private static final int MAX_NAME_BYTES = 1024;

    private final WorkerClient worker;
    private final Blobs blobs;
    private final FilesSettings settings;
    private final ExecutorService cleanups = Executors.newVirtualThreadPerTaskExecutor();

    ArtifactFetch(WorkerClient worker, Blobs blobs, FilesSettings settings) {
        this.worker = worker;
        this.blobs = blobs;
        this.settings = settings;
    }

    /** The artifacts as stored, and the result to store (as the node wrote it, unless something was left out here). */
    record Fetched(List<TaskFile.New> files, String resultJson) {}

    Fetched fetch(DispatchTarget target, String jobId, RunJobResult result, String resultJson) {
        if (result.artifacts() == null) {
            return new Fetched(List.of(), resultJson);
        }
        List<TaskFile.New> files = new ArrayList<>();
        List<RunJobResult.Omitted> omitted = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < result.artifacts().size(); i++) {
            RunJobResult.Artifact a = result.artifacts().get(i);
            String why = refusal(a, files.size(), total);
            if (why != null) {
                omitted.add(new RunJobResult.Omitted(FileRules.printable(a.name()), why));
                continue;
            }
            try {
                StoredBlob blob = worker.artifact(target, jobId, i, in -> blobs.put(in, a.sizeBytes(), a.sizeBytes()));
                if (blob.sizeBytes() != a.sizeBytes()
                        || (a.sha256() != null && !blob.sha256().equals(a.sha256()))) {
                    blobs.discard(List.of(blob.key()));
                    omitted.add(new RunJobResult.Omitted(a.name(), "arrived other than the node described it"));
                    continue;
                }
                total += blob.sizeBytes();
                files.add(new TaskFile.New(a.name(), null, type(a.contentType()), blob));
            } catch (Exception e) {
                log.warn(
                        "job {}: artifact {} could not be brought from node {}: {}",
                        jobId,
                        i,
                        target.slug(),
                        e.toString());
                omitted.add(new RunJobResult.Omitted(a.name(), "could not be brought from the node"));
            }
        }
        if (omitted.isEmpty()) {
            return new Fetched(files, resultJson);
        }
        List<RunJobResult.Omitted> all =
                new ArrayList<>(result.artifactsOmitted() == null ? List.of() : result.artifactsOmitted());
        all.addAll(omitted);
        List<RunJobResult.Artifact> kept = result.artifacts().stream()
                .filter(a -> files.stream().anyMatch(f -> f.name().equals(a.name())))
                .toList();
        RunJobResult amended = new RunJobResult(
                result.version(),
                result.taskId(),
                result.jobId(),
                result.status(),
                result.exitCode(),
                result.stdout(),
                result.stderr(),
                result.startedAt(),
                result.endedAt(),
                result.truncated(),
                kept,
                all);
        return new Fetched(files, Json.write(amended));
    }

    /** Why this artifact is not taken, whatever the node says; null when it is. */
    private String refusal(RunJobResult.Artifact a, int taken, long total) {
        String name = a.name();
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                || name.codePoints().anyMatch(Character::isISOControl)
                || name.startsWith("/")
                || List.of(name.split("/")).contains("..")) {
            return "its name is not a relative path of printable characters";
        }
        if (taken >= settings.artifactMaxFiles()) {
            return "over the limit of " + settings.artifactMaxFiles() + " files";
        }
        if (total + a.sizeBytes() > settings.artifactMaxBytes().toBytes()) {
            return "over the limit of " + settings.artifactMaxBytes().toBytes() + " bytes in all";
        }
        return null;
    }

    private static String type(String declared) {
        try {
            MediaType t = MediaType.parseMediaType(declared);
            return t.isConcrete() ? t.toString() : MediaType.APPLICATION_OCTET_STREAM_VALUE;
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
    }

    /**
     * Once the result is stored with its artifacts, the node may delete its copies (off the job's
     * path). Until then they stay: a control plane that took the job over after a lost lease
     * gets the same result from the node and fetches them again.
     */
    void discardOnNode(DispatchTarget target, String jobId, RunJobResult result) {
        if (result.artifacts() != null) {
            cleanups.submit(() -> discardOnNode(target, jobId));
        }
    }

    private void discardOnNode(DispatchTarget target, String jobId) {
        try {
            worker.discardArtifacts(target, jobId);
        } catch (RuntimeException e) {
            log.info(
                    "node {} keeps the artifacts of job {} until its own sweep: {}",
                    target.slug(),
                    jobId,
                    e.toString());
        }
    }
}
