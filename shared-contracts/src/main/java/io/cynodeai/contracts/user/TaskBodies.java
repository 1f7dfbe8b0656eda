package io.cynodeai.contracts.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cynodeai.contracts.files.Spooled;
import io.cynodeai.contracts.files.SpooledBase64;
import io.cynodeai.contracts.validation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/** Bodies of the gateway's {@code /v1/tasks*} endpoints (tasks.md, version 2; Phase 1 forms kept). */
public final class TaskBodies {
    public static final String COMMANDS = "commands";
    public static final String PROMPT = "prompt";
    public static final String SCRIPT = "script";

    private TaskBodies() {}

    /**
     * Which field carries the input, and whether it matches the mode, is checked by the gateway
     * (one rule across fields); the rules of each field alone are stated here.
     */
    public record CreateTaskRequest(
            String prompt,

            @Pattern(regexp = "commands|prompt|script", message = "must be one of [prompt, script, commands]")
            String inputMode,

            String script,
            List<String> commands,

            @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            String taskName,

            Boolean useInference,

            @Min(value = 1, message = "must be 1 to 86400") @Max(value = 86_400, message = "must be 1 to 86400")
            Integer timeoutSeconds,

            @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            String model,

            List<@NotNull(message = "must not be null") @Valid Attachment> attachments,

            @Valid NodeSelector nodeSelector)
            implements Validated {

        public CreateTaskRequest(
                String prompt,
                String inputMode,
                String script,
                List<String> commands,
                String taskName,
                Boolean useInference,
                Integer timeoutSeconds,
                String model,
                List<Attachment> attachments) {
            this(prompt, inputMode, script, commands, taskName, useInference, timeoutSeconds, model, attachments, null);
        }

        /** The labels a node must carry to run the task ({@code node_selector.labels}); empty = any node. */
        public List<String> nodeLabels() {
            return nodeSelector == null || nodeSelector.labels() == null ? List.of() : nodeSelector.labels();
        }

        /** {@code prompt} unless said otherwise (tasks.md §1): a prompt's text is never run as a command. */
        public String effectiveInputMode() {
            return inputMode == null ? PROMPT : inputMode;
        }
    }

    /**
     * Where a sandbox task may run (nodes.md §2): only on a node that carries every one of {@code
     * labels} (the node YAML's {@code node.labels}).
     */
    public record NodeSelector(
            @Size(max = 16, message = "must list at most 16 labels")
            List<
                            @NotNull(message = "must not be null")
                            @Size(min = 1, max = 64, message = "must be 1 to 64 characters") String>
                    labels) {}

    /**
     * A file for the job (tasks.md §5): its plain file name, its bytes in base64 (spooled to a
     * temporary file as they are read, see {@link SpooledBase64}; absent in a multipart request,
     * whose parts carry the bytes) and, for display only, the path the client named it by.
     */
    public record Attachment(
            String name,
            @JsonDeserialize(using = SpooledBase64.class) Spooled contentBase64,

            @Size(max = 4096, message = "must be at most 4096 characters")
            String path) {}

    /**
     * A task. {@code exitCode} (of its last job, when that ran in a sandbox) and {@code endedAt}
     * appear once it has ended; {@code attachments} is {@code []} when it has none.
     */
    public record TaskResponse(
            String id,
            String taskId,
            String status,
            String taskName,
            String inputMode,
            String prompt,
            String summary,
            List<String> attachments,
            Integer exitCode,
            Instant createdAt,
            Instant updatedAt,
            Instant endedAt) {}

    /**
     * A page of tasks, newest first. {@code nextCursor} is always present ({@code null} on the last
     * page); {@code nextOffset} only answers a Phase 1 {@code offset} request.
     */
    public record ListTasksResponse(
            List<TaskResponse> tasks,
            @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor,
            Integer nextOffset) {}

    /**
     * One job of a task; {@code result} is the Worker API response as raw JSON. {@code queuedAt}
     * (an extension) is when the job became visible to the dispatcher, {@code startedAt} when it
     * was first claimed; {@code nodeSlug} the node that ran it (none for a model's answer).
     */
    public record JobView(
            String id,
            String status,
            String nodeSlug,
            @JsonRawValue String result,
            Instant queuedAt,
            Instant startedAt,
            Instant endedAt) {}

    /**
     * The Phase 1 shape, and at the top level the task's name and, once it has ended, what its
     * last job printed and how it exited ({@code exitCode} only when it ran in a sandbox).
     */
    public record TaskResultResponse(
            String taskId,
            String taskName,
            String status,
            String stdout,
            String stderr,
            Integer exitCode,
            List<JobView> jobs) {}

    /** What a task's jobs printed: {@code lines} of the stream asked for, and each stream whole. */
    public record TaskLogsResponse(
            String taskId, String taskName, String stream, List<String> lines, String stdout, String stderr) {}

    public record CancelTaskResponse(String taskId, Boolean canceled) {}

    /** A file a task's job left in {@code /workspace/out/} (tasks.md §5); {@code name} is its path there. */
    public record ArtifactView(
            String artifactId, String name, String contentType, Long sizeBytes, String sha256, Instant createdAt) {}

    public record TaskArtifactsResponse(String taskId, String taskName, List<ArtifactView> artifacts) {}
}
