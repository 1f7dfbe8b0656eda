package io.cynodeai.controlplane.dispatch;

import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.TaskFile;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;

/** A task file as a part of a request: its bytes opened from their store when the part is written, its length known. */
final class TaskFileResource extends AbstractResource {
    private final Blobs blobs;
    private final TaskFile file;

    TaskFileResource(Blobs blobs, TaskFile file) {
        this.blobs = blobs;
        this.file = file;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return blobs.open(file.blob(), 0);
    }

    @Override
    public String getFilename() {
        return file.name();
    }

    @Override
    public long contentLength() {
        return file.sizeBytes();
    }

    @Override
    public String getDescription() {
        return "attachment " + file.name() + " of task " + file.taskId();
    }
}
