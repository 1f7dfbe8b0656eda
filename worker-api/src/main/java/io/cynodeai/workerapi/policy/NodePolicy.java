package io.cynodeai.workerapi.policy;

import io.cynodeai.contracts.files.FileRules;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.serviceweb.http.RequestBodyLimit;
import io.cynodeai.workerapi.auth.WatchedFile;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The effective policy: the orchestrator's (from the policy file the node-manager keeps current)
 * tightened by the node's own settings. Local settings may be stricter, never looser.
 */
@Component
public class NodePolicy implements RequestBodyLimit {
    private static final long DEFAULT_MAX_REQUEST = 10L * 1024 * 1024;

    private final SandboxSettings local;
    private final WatchedFile<Orchestrator> file;

    /** What the node-manager writes from {@code node_configuration_payload_v1} (no secret in it). */
    public record Orchestrator(
            List<String> allowedImages,
            String defaultNetworkPolicy,
            Long maxRequestBytes,
            Integer maxJobTimeoutSeconds) {}

    NodePolicy(SandboxSettings local) {
        this.local = local;
        this.file = new WatchedFile<>(
                local.policyFile() == null || local.policyFile().isBlank() ? null : Path.of(local.policyFile()),
                json -> Json.mapper().readValue(json, Orchestrator.class));
    }

    public SandboxSettings local() {
        return local;
    }

    /**
     * Whether an image may run; fails closed. With a policy file (a node the orchestrator
     * configures), the image must be in its {@code allowed_images}: a file that is missing,
     * unreadable or lists none allows nothing. Without one (a worker run on its own), the node's
     * own list must name it. Where both exist, both must.
     */
    public boolean imageAllowed(String image) {
        boolean byOrchestrator = file.configured()
                ? file.current()
                        .map(Orchestrator::allowedImages)
                        .map(l -> l.contains(image))
                        .orElse(false)
                : !local.allowedImages().isEmpty();
        boolean byNode =
                local.allowedImages().isEmpty() || local.allowedImages().contains(image);
        return byOrchestrator && byNode;
    }

    /** The job's timeout, else the node default, capped by the node's and the orchestrator's maximum. */
    public Duration timeout(Integer requestedSeconds) {
        Duration max = local.maxTimeout();
        Optional<Integer> remote = file.current().map(Orchestrator::maxJobTimeoutSeconds);
        if (remote.isPresent() && Duration.ofSeconds(remote.get()).compareTo(max) < 0) {
            max = Duration.ofSeconds(remote.get());
        }
        Duration wanted = requestedSeconds == null ? local.defaultTimeout() : Duration.ofSeconds(requestedSeconds);
        return wanted.compareTo(max) > 0 ? max : wanted;
    }

    /** Minimum of the node's limit and the configuration's {@code constraints.max_request_bytes}, else 10 MiB. */
    @Override
    public long maxBytes() {
        long limit = local.maxRequestBytes() == null
                ? DEFAULT_MAX_REQUEST
                : local.maxRequestBytes().toBytes();
        Optional<Long> remote = file.current().map(Orchestrator::maxRequestBytes);
        return remote.isPresent() && remote.get() > 0 ? Math.min(limit, remote.get()) : limit;
    }

    /**
     * A run request with attachments ({@code multipart/form-data}, tasks.md §5) may carry up to
     * {@link FileRules#MAX_ATTACHMENTS} files of {@link FileRules#MAX_ATTACHMENT_BYTES} besides
     * the request; each part's own limit is the multipart configuration's.
     */
    @Override
    public long maxBytes(HttpServletRequest request) {
        String type = request.getContentType();
        if (type != null
                && type.startsWith("multipart/form-data")
                && request.getRequestURI().endsWith("/jobs:run")) {
            return maxBytes() + FileRules.MAX_ATTACHMENTS * (FileRules.MAX_ATTACHMENT_BYTES + (64 << 10));
        }
        return maxBytes();
    }
}
