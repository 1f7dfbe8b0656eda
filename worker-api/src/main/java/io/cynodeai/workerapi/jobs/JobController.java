package io.cynodeai.workerapi.jobs;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.validation.Wire;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.cynodeai.workerapi.policy.NodePolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.node.ObjectNode;

@RestController
class JobController {
    private static final Logger log = LoggerFactory.getLogger(JobController.class);
    /** How much longer than the job's own timeout a streamed answer may stay open (the end, the removal). */
    private static final Duration STREAM_MARGIN = Duration.ofMinutes(2);

    private final Jobs jobs;
    private final NodePolicy policy;

    JobController(Jobs jobs, NodePolicy policy) {
        this.jobs = jobs;
        this.policy = policy;
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
        if (accept == null || !accept.contains(MediaType.APPLICATION_NDJSON_VALUE)) {
            return ResponseEntity.ok(jobs.run(request));
        }
        Jobs.Ticket ticket = jobs.admit(request);
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
