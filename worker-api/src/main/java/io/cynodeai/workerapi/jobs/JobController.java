package io.cynodeai.workerapi.jobs;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Wire;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.cynodeai.workerapi.policy.NodePolicy;
import io.cynodeai.workerapi.sandbox.JobFiles;
import io.cynodeai.workerapi.sandbox.LiveOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.node.ObjectNode;

@RestController
class JobController {
    private static final Logger log = LoggerFactory.getLogger(JobController.class);
    /** How much longer than the job's own timeout a streamed answer may stay open (the end, the removal). */
    private static final Duration STREAM_MARGIN = Duration.ofMinutes(2);

    private final Jobs jobs;
    private final NodePolicy policy;
    private final JobFiles files;

    JobController(Jobs jobs, NodePolicy policy, JobFiles files) {
        this.jobs = jobs;
        this.policy = policy;
        this.files = files;
    }

    /**
     * Runs one job to completion; 200 with the result even when the command failed. With {@code
     * Accept: application/x-ndjson} (tasks.md §4) the answer is a stream: a line {@code
     * {"type":"output","stream":…,"text":…}} for each piece of output as the job prints it (within
     * the output cap), then {@code {"type":"result",…RunJobResult}}. A refusal (image, engine, no
     * free slot) is problem details either way, before anything is streamed.
     */
    @PostMapping("/v1/worker/jobs:run")
    ResponseEntity<?> run(
            @RequestBody RunJobRequest request, @RequestHeader(value = "Accept", required = false) String accept)
            throws InterruptedException {
        if (request.attachments() != null && !request.attachments().isEmpty()) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST, "attachments come as parts of a multipart/form-data request");
        }
        return answer(jobs.admit(request), accept);
    }

    /**
     * The same with the job's attachments (extension, tasks.md §5): a {@code request} part (the
     * run request, whose {@code attachments} describe the files) and one {@code attachment} part
     * per file, named by its file name. The files are staged before the answer starts; they must
     * be exactly the files described.
     */
    @PostMapping(path = "/v1/worker/jobs:run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> runWithFiles(
            @RequestPart("request") RunJobRequest request,
            @RequestPart(name = "attachment", required = false) List<MultipartFile> parts,
            @RequestHeader(value = "Accept", required = false) String accept)
            throws InterruptedException {
        Jobs.Ticket ticket = jobs.admit(request);
        if (ticket.mine()) {
            try {
                stage(request, parts == null ? List.of() : parts);
            } catch (RuntimeException e) {
                jobs.abandon(ticket);
                files.discard(request.jobId());
                throw e;
            }
        }
        return answer(ticket, accept);
    }

    private void stage(RunJobRequest request, List<MultipartFile> parts) {
        List<RunJobRequest.FileRef> refs = request.attachments() == null ? List.of() : request.attachments();
        Set<String> described = new HashSet<>();
        for (RunJobRequest.FileRef ref : refs) {
            FileRules.invalidName(ref.name()).ifPresent(why -> {
                throw InvalidPayload.of("attachments[].name", why);
            });
            if (!described.add(ref.name())) {
                throw InvalidPayload.of("attachments[].name", "'" + ref.name() + "' is named twice");
            }
        }
        Set<String> sent = new HashSet<>();
        Path in = files.incoming(request.jobId());
        try {
            Files.createDirectories(in);
            for (MultipartFile part : parts) {
                String name = part.getOriginalFilename();
                if (name == null || !described.contains(name) || !sent.add(name)) {
                    throw InvalidPayload.of("attachment", "a part is not one of the attachments the request describes");
                }
                part.transferTo(in.resolve(name));
            }
        } catch (IOException e) {
            throw new ProblemException(ProblemType.INTERNAL, "the attachments could not be staged on this node");
        }
        if (!sent.equals(described)) {
            throw InvalidPayload.of("attachment", "every attachment the request describes must come as a part");
        }
    }

    private ResponseEntity<?> answer(Jobs.Ticket ticket, String accept) throws InterruptedException {
        RunJobRequest request = ticket.request();
        if (accept == null || !accept.contains(MediaType.APPLICATION_NDJSON_VALUE)) {
            return ResponseEntity.ok(jobs.run(ticket, LiveOutput.NONE));
        }
        Duration open = policy.timeout(request.sandbox().timeoutSeconds()).plus(STREAM_MARGIN);
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(open.toMillis());
        AtomicBoolean gone = new AtomicBoolean();
        Thread.ofVirtual().name("job-stream-" + request.jobId()).start(() -> {
            try {
                RunJobResult result = jobs.run(
                        ticket,
                        (stream, text) ->
                                line(emitter, gone, Map.of("type", "output", "stream", stream, "text", text)));
                ObjectNode last = Json.mapper().createObjectNode().put("type", "result");
                last.setAll((ObjectNode) Json.mapper().valueToTree(result));
                line(emitter, gone, last);
                emitter.complete();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                emitter.completeWithError(e);
            } catch (RuntimeException e) {
                log.warn("job {} could not run: {}", request.jobId(), e.toString());
                emitter.completeWithError(e);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON).body(emitter);
    }

    /** One NDJSON line; once the caller has gone, the job runs on and nothing more is sent. */
    private static void line(ResponseBodyEmitter emitter, AtomicBoolean gone, Object value) {
        if (gone.get()) {
            return;
        }
        try {
            emitter.send(Json.write(value) + "\n", MediaType.APPLICATION_NDJSON);
        } catch (IOException | IllegalStateException e) {
            gone.set(true);
        }
    }

    /** Extension (tasks.md §5): the bytes of the job's artifact at {@code index} of its result's list. */
    @GetMapping("/v1/worker/jobs/{jobId}/artifacts/{index}")
    ResponseEntity<Resource> artifact(@PathVariable String jobId, @PathVariable int index) {
        if (!Wire.canonicalUuid(jobId) || index < 0) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "job id must be a UUID, index at least 0");
        }
        Path file = files.artifact(jobId, index)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no such artifact on this node"));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new FileSystemResource(file));
    }

    /** Extension: the control plane has the job's artifacts; they are deleted here. */
    @DeleteMapping("/v1/worker/jobs/{jobId}/artifacts")
    ResponseEntity<Void> discardArtifacts(@PathVariable String jobId) {
        if (!Wire.canonicalUuid(jobId)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "job id must be a UUID");
        }
        files.discard(jobId);
        return ResponseEntity.noContent().build();
    }

    /** Extension to the spec: stops a running job's container (its run call then answers {@code failed}). */
    @PostMapping("/v1/worker/jobs/{jobId}:cancel")
    ResponseEntity<Void> cancel(@PathVariable String jobId) {
        if (!Wire.canonicalUuid(jobId)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "job id must be a UUID");
        }
        if (!jobs.cancel(jobId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no running job " + jobId + " on this node");
        }
        return ResponseEntity.accepted().build();
    }
}
