package io.cynodeai.gateway.task;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.TaskBodies.ArtifactView;
import io.cynodeai.contracts.user.TaskBodies.TaskArtifactsResponse;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.TaskFile;
import io.cynodeai.jobs.files.TaskFiles;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * A task's artifacts (tasks.md §5): what its job left under {@code /workspace/out/}, listed and
 * downloaded. A download streams from the blob store (never held whole), with its hash as {@code
 * ETag} ({@code If-None-Match} answers 304) and one byte range at a time ({@code Range}, {@code
 * If-Range}); a request for several ranges gets the whole file, as HTTP allows.
 */
@Tag(name = "tasks", description = "A user's requests for work and their results")
@RestController
class ArtifactController {
    private static final int COPY_BUFFER = 256 << 10;
    private final TaskRefs refs;
    private final TaskFiles files;
    private final Blobs blobs;

    ArtifactController(TaskRefs refs, TaskFiles files, Blobs blobs) {
        this.refs = refs;
        this.files = files;
        this.blobs = blobs;
    }

    @Operation(summary = "List the files a task's job left in /workspace/out/")
    @ApiResponse(responseCode = "200", description = "Its artifacts")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id or name")
    @GetMapping("/v1/tasks/{id}/artifacts")
    TaskArtifactsResponse list(@AuthenticationPrincipal UserPrincipal me, @PathVariable String id) {
        TaskRecord task = refs.owned(me.userId(), id);
        List<ArtifactView> views = files.artifacts(task.id()).stream()
                .map(f -> new ArtifactView(
                        f.id().toString(), f.name(), f.contentType(), f.sizeBytes(), f.sha256(), f.createdAt()))
                .toList();
        return new TaskArtifactsResponse(task.id().toString(), task.name(), views);
    }

    @Operation(summary = "Download one artifact of a task (ranges, ETag)")
    @ApiResponse(responseCode = "200", description = "Its bytes")
    @ApiResponse(responseCode = "206", description = "The range asked for")
    @ApiResponse(responseCode = "304", description = "Unchanged (If-None-Match)")
    @ApiResponse(responseCode = "404", description = "No such artifact of a task of yours")
    @ApiResponse(responseCode = "416", description = "The range lies beyond the file")
    @GetMapping("/v1/tasks/{id}/artifacts/{artifactId}")
    void download(
            @AuthenticationPrincipal UserPrincipal me,
            @PathVariable String id,
            @PathVariable String artifactId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        TaskRecord task = refs.owned(me.userId(), id);
        TaskFile file = parse(artifactId)
                .flatMap(a -> files.artifact(task.id(), a))
                .orElseThrow(() -> new ProblemException(
                        ProblemType.NOT_FOUND, "task " + task.name() + " has no artifact '" + artifactId + "'"));
        String etag = "\"" + file.sha256() + "\"";
        if (new ServletWebRequest(request, response).checkNotModified(etag)) {
            return;
        }
        long length = file.sizeBytes();
        long start = 0;
        long end = length - 1;
        String range = request.getHeader(HttpHeaders.RANGE);
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        List<HttpRange> ranges =
                range == null || (ifRange != null && !ifRange.equals(etag)) ? List.of() : ranges(range);
        if (ranges.size() == 1) {
            start = ranges.getFirst().getRangeStart(length);
            if (start >= length) {
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length);
                throw new ProblemException(
                        ProblemType.RANGE_NOT_SATISFIABLE, "the artifact is " + length + " bytes long");
            }
            end = ranges.getFirst().getRangeEnd(length);
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + length);
        }
        response.setContentType(file.contentType());
        response.setContentLengthLong(end - start + 1);
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        // Whatever the job made is never run as a page of this origin, even if opened in a browser.
        response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(baseName(file.name()), StandardCharsets.UTF_8)
                        .build()
                        .toString());
        if (end < start) {
            return; // an empty file
        }
        try (InputStream in = blobs.open(file.blob(), start)) {
            copy(in, response, end - start + 1);
        }
    }

    private static void copy(InputStream in, HttpServletResponse response, long count) throws IOException {
        // Tomcat's 8 KiB response buffer would send a large file in as many small writes.
        response.setBufferSize(COPY_BUFFER);
        var out = response.getOutputStream();
        byte[] buf = new byte[COPY_BUFFER];
        long left = count;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("the stored artifact ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** The ranges asked for; an unreadable {@code Range} is ignored (the whole file), as HTTP says. */
    private static List<HttpRange> ranges(String header) {
        try {
            return HttpRange.parseRanges(header);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static java.util.Optional<UUID> parse(String id) {
        try {
            return id.length() == 36 ? java.util.Optional.of(UUID.fromString(id)) : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static String baseName(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }
}
