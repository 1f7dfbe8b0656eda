package io.cynodeai.workerapi.sandbox;

import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A job's staged files as the Worker API's endpoints see them: its attachments on their way in, its artifacts on their way out. */
@Component
public class JobFiles {
    private final WorkspaceFiles files;

    JobFiles(WorkspaceFiles files) {
        this.files = files;
    }

    /** Where the job's attachments wait for it, between the request and its start. */
    public Path incoming(String jobId) {
        return files.incoming(jobId);
    }

    /** A collected artifact of a job, while it is kept here. */
    public Optional<Path> artifact(String jobId, int index) {
        return files.artifact(jobId, index);
    }

    /** The control plane has what it came for (or the job never ran). */
    public void discard(String jobId) {
        files.discard(jobId);
    }
}
