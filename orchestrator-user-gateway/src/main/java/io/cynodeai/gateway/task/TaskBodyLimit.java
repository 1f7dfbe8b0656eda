package io.cynodeai.gateway.task;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.serviceweb.http.HttpSettings;
import io.cynodeai.serviceweb.http.RequestBodyLimit;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The gateway's request body limit ({@code cynode.http.max-request-bytes}), and for creating a
 * task room for its attachments besides (tasks.md §5): 16 files of 10 MiB, in base64 in the JSON
 * or as multipart parts. Their bytes are never held in memory ({@link TaskUploads}).
 */
@Component
class TaskBodyLimit implements RequestBodyLimit {
    static final long ATTACHMENTS_ROOM =
            FileRules.MAX_ATTACHMENTS * ((FileRules.MAX_ATTACHMENT_BYTES / 3 + 1) * 4 + (16 << 10));

    private final HttpSettings settings;

    TaskBodyLimit(HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public long maxBytes() {
        return settings.maxRequestBytes().toBytes();
    }

    @Override
    public long maxBytes(HttpServletRequest request) {
        if ("POST".equals(request.getMethod()) && "/v1/tasks".equals(request.getRequestURI())) {
            return maxBytes() + ATTACHMENTS_ROOM;
        }
        return maxBytes();
    }
}
