package io.cynodeai.gateway.task;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.contracts.files.HashingCopy;
import io.cynodeai.contracts.files.Spooled;
import io.cynodeai.contracts.files.SpooledBase64;
import io.cynodeai.contracts.files.Spools;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.TaskBodies.Attachment;
import io.cynodeai.contracts.user.TaskBodies.CreateTaskRequest;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.WireValidation;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.StoredBlob;
import io.cynodeai.jobs.files.TaskFile;
import io.cynodeai.serviceweb.http.BodyLimitFilter;
import io.cynodeai.serviceweb.problem.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.InputStreamSource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * A create-task request's attachments (tasks.md §5), from either form: base64 in the JSON (decoded
 * straight into temporary files as it is read, {@link SpooledBase64}) or {@code multipart/form-data}
 * parts (which Tomcat writes to disk past a small threshold). Checked — at most 16, each at most 10
 * MiB (413), plain distinct names (400) — before anything is stored, then streamed into the blob
 * store. Memory stays bounded whatever the request holds.
 */
@Component
class TaskUploads {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TaskUploads.class);
    /**
     * The task's JSON may be as large as its attachments in base64; no other string in it may be
     * larger than its own limit allows (a 1 MiB prompt is at most 1 Mi characters).
     */
    private static final ObjectReader REQUEST = Json.configure(JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(2 << 20)
                            .build())
                    .build()))
            .build()
            .readerFor(CreateTaskRequest.class);

    private final Blobs blobs;

    TaskUploads(Blobs blobs) {
        this.blobs = blobs;
    }

    /** One file to store: its name, the path the client gave, its type, its size and where to read it. */
    record Upload(String name, String path, String contentType, long size, InputStreamSource bytes) {}

    /** Reads a JSON create request, its attachments' bytes into {@code spools}. */
    static CreateTaskRequest readJson(HttpServletRequest http, Spools spools) {
        CreateTaskRequest body;
        try (InputStream in = http.getInputStream()) {
            body = REQUEST.withAttribute(SpooledBase64.SPOOLS, spools).readValue(in);
        } catch (JacksonException | IOException e) {
            throw refusal(e);
        }
        if (body == null) {
            throw InvalidPayload.of("body", "must be a JSON object");
        }
        return WireValidation.check(body);
    }

    private static RuntimeException refusal(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SpooledBase64.Refused || c instanceof StreamConstraintsException) {
                return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, tooLarge(c));
            }
            if (c instanceof BodyLimitFilter.BodyTooLarge big) {
                return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, big.getMessage());
            }
            if (c instanceof InvalidPayload invalid) {
                return invalid;
            }
        }
        return new ProblemException(ProblemType.INVALID_REQUEST, "the body is not valid JSON for this request");
    }

    private static String tooLarge(Throwable c) {
        return c instanceof SpooledBase64.Refused r
                ? r.getMessage()
                : "a text field is longer than any limit of a task allows";
    }

    /** The attachments of a JSON request; each must carry its bytes. */
    static List<Upload> fromJson(CreateTaskRequest body) {
        List<Upload> out = new ArrayList<>();
        List<Attachment> given = body.attachments() == null ? List.of() : body.attachments();
        for (int i = 0; i < given.size(); i++) {
            Attachment a = given.get(i);
            Spooled s = a.contentBase64();
            if (s == null) {
                throw InvalidPayload.of("attachments[" + i + "].content_base64", "is required");
            }
            out.add(new Upload(
                    a.name(), a.path(), typeOf(a.name(), null), s.sizeBytes(), () -> Files.newInputStream(s.file())));
        }
        return check(out);
    }

    /**
     * The attachments of a multipart request: every file part, in order, named by its file name;
     * the request part may list {@code attachments} without content to give each one's path.
     */
    static List<Upload> fromMultipart(CreateTaskRequest body, List<MultipartFile> parts) {
        if (parts.size() > FileRules.MAX_ATTACHMENTS) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "a task takes at most " + FileRules.MAX_ATTACHMENTS + " attachments");
        }
        List<Attachment> described = body.attachments() == null ? List.of() : body.attachments();
        if (!described.isEmpty() && described.size() != parts.size()) {
            throw InvalidPayload.of("attachments", "must describe each file part, in order, or be absent");
        }
        List<Upload> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            MultipartFile part = parts.get(i);
            String name = part.getOriginalFilename();
            String path = null;
            if (!described.isEmpty()) {
                Attachment a = described.get(i);
                if (a.contentBase64() != null || (a.name() != null && !a.name().equals(name))) {
                    throw InvalidPayload.of("attachments[" + i + "]", "must name its file part and carry no content");
                }
                path = a.path();
            }
            out.add(new Upload(name, path, typeOf(name, part.getContentType()), part.getSize(), part));
        }
        return check(out);
    }

    /** At most 16 (413), each within 10 MiB (413), plain distinct names (400). */
    private static List<Upload> check(List<Upload> uploads) {
        if (uploads.size() > FileRules.MAX_ATTACHMENTS) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "a task takes at most " + FileRules.MAX_ATTACHMENTS + " attachments");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < uploads.size(); i++) {
            Upload u = uploads.get(i);
            String field = "attachments[" + i + "].name";
            FileRules.invalidName(u.name()).ifPresent(why -> {
                throw InvalidPayload.of(field, why);
            });
            if (!names.add(u.name())) {
                throw InvalidPayload.of(field, "'" + u.name() + "' is the name of another attachment");
            }
            if (u.size() > FileRules.MAX_ATTACHMENT_BYTES) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, u.name() + " is larger than 10 MiB");
            }
        }
        return uploads;
    }

    /**
     * Streams each upload into the blob store. A failure discards what was stored so far.
     */
    List<TaskFile.New> store(List<Upload> uploads) {
        List<TaskFile.New> stored = new ArrayList<>();
        try {
            for (Upload u : uploads) {
                StoredBlob blob;
                try (InputStream in = u.bytes().getInputStream()) {
                    blob = blobs.put(in, u.size(), FileRules.MAX_ATTACHMENT_BYTES);
                }
                stored.add(new TaskFile.New(u.name(), u.path(), u.contentType(), blob));
            }
            return stored;
        } catch (IOException | RuntimeException e) {
            discard(stored);
            if (e instanceof HashingCopy.TooLarge) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "an attachment is larger than 10 MiB");
            }
            throw e instanceof RuntimeException re ? re : new java.io.UncheckedIOException((IOException) e);
        }
    }

    /** The stored files are not wanted after all (the task was refused). */
    void discard(List<TaskFile.New> stored) {
        try {
            blobs.discard(stored.stream().map(f -> f.blob().key()).toList());
        } catch (RuntimeException e) {
            // They stay garbage until their grace has passed; the sweep deletes them then.
            log.warn("stored attachments of a refused task wait for the sweep: {}", e.getMessage());
        }
    }

    private static String typeOf(String name, String declared) {
        if (declared != null && !declared.isBlank()) {
            try {
                MediaType t = MediaType.parseMediaType(declared);
                if (t.isConcrete()) {
                    return t.toString();
                }
            } catch (IllegalArgumentException e) {
                // fall back to the name's
            }
        }
        return name == null
                ? MediaType.APPLICATION_OCTET_STREAM_VALUE
                : MediaTypeFactory.getMediaType(name)
                        .map(MediaType::toString)
                        .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    }
}
