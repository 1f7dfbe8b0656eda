package io.cynodeai.contracts.user;

import static io.cynodeai.contracts.validation.Check.at;
import static io.cynodeai.contracts.validation.Check.oneOf;
import static io.cynodeai.contracts.validation.Check.required;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Validated;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Bodies of the gateway's {@code /v1/tasks*} endpoints. */
public final class TaskBodies {
    public static final String COMMANDS = "commands";
    public static final String PROMPT = "prompt";

    private TaskBodies() {}

    public record CreateTaskRequest(String prompt, String inputMode, String taskName) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "prompt", prompt);
            oneOf(path, "input_mode", inputMode, Set.of(COMMANDS, PROMPT));
            if (taskName != null && (taskName.isBlank() || taskName.length() > 200)) {
                throw InvalidPayload.of(at(path, "task_name"), "must be 1 to 200 characters");
            }
        }

        public String effectiveInputMode() {
            return inputMode == null ? COMMANDS : inputMode;
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
