package io.cynodeai.contracts.user;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Bodies of the gateway's {@code /v1/tasks*} endpoints. */
public final class TaskBodies {
    public static final String COMMANDS = "commands";
    public static final String PROMPT = "prompt";

    private TaskBodies() {}

    public record CreateTaskRequest(
            @NotBlank(message = Wire.REQUIRED) String prompt,

            @Pattern(regexp = "commands|prompt", message = "must be one of [commands, prompt]")
            String inputMode,

            @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            @Pattern(regexp = "(?s).*\\S.*", message = "must be 1 to 200 characters")
            String taskName,

            @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
            String model)
            implements Validated {

        /** {@code prompt} unless said otherwise (tasks.md §1): a prompt's text is never run as a command. */
        public String effectiveInputMode() {
            return inputMode == null ? PROMPT : inputMode;
        }
    }

    public record TaskResponse(
            String id,
            String taskId,
            String status,
            String taskName,
            String prompt,
            String summary,
            Instant createdAt,
            Instant updatedAt) {}

    public record ListTasksResponse(List<TaskResponse> tasks, Integer nextOffset) {}

    /**
     * One job of a task; {@code result} is the Worker API response as raw JSON. {@code queuedAt}
     * (an extension) is when the job became visible to the dispatcher, {@code startedAt} when it
     * was first claimed.
     */
    public record JobView(
            String id,
            String status,
            @JsonRawValue String result,
            Instant queuedAt,
            Instant startedAt,
            Instant endedAt) {}

    public record TaskResultResponse(String taskId, String status, List<JobView> jobs) {}

    public record TaskLogsResponse(String taskId, String stdout, String stderr) {}

    public record CancelTaskResponse(String taskId, Boolean canceled) {}
}
