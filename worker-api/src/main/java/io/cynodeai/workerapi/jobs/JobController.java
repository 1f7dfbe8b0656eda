package io.cynodeai.workerapi.jobs;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JobController {
    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
    }

    /** Runs one job to completion; 200 with the result even when the command failed. */
    @PostMapping("/v1/worker/jobs:run")
    RunJobResult run(@RequestBody RunJobRequest request) throws InterruptedException {
        return jobs.run(request);
    }

    /** Extension to the spec: stops a running job's container (its run call then answers {@code failed}). */
    @PostMapping("/v1/worker/jobs/{jobId}:cancel")
    ResponseEntity<Void> cancel(@PathVariable String jobId) {
        try {
            UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "job id must be a UUID");
        }
        if (!jobs.cancel(jobId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no running job " + jobId + " on this node");
        }
        return ResponseEntity.accepted().build();
    }
}
