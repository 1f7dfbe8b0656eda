package io.cynodeai.gateway.agent;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionTool;
import io.cynodeai.contracts.user.TaskBodies.CreateTaskRequest;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.gateway.auth.AuthAudit;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.gateway.redact.SecretRedactor;
import io.cynodeai.gateway.task.TaskCreation;
import io.cynodeai.jobs.TaskEnds;
import io.cynodeai.jobs.TaskReads;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.jobs.TaskStatus;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The acting model's tools (inference.md §6), each acting as the chatting user: a sandboxed task
 * is made through {@link TaskCreation}, the same way in as {@code POST /v1/tasks} (its rules,
 * limits and quota), and reads see only that user's tasks. Their definitions and their arguments
 * go through the OpenAI SDK's typed tools (a class per tool: its JSON schema for the model, and
 * the arguments parsed into it). Whatever fails is the tool's result, told to the model; nothing
 * a tool does ends the chat. Every call is audited, and what goes back to the model is redacted.
 */
@Component
class AgentTools {
    static final int OUTPUT_MAX = 8 << 10;

    @JsonTypeName("run_commands")
    @JsonClassDescription("Run shell command lines in order in a fresh sandbox of the user's (no network, the"
            + " task's own /workspace), stopping at the first that fails; answers its exit code and output")
    static final class RunCommands {
        @JsonPropertyDescription("The command lines, each run with sh, in order")
        @JsonProperty(required = true)
        public List<String> commands;
    }

    @JsonTypeName("run_script")
    @JsonClassDescription("Run a shell script in a fresh sandbox of the user's; answers its exit code and output")
    static final class RunScript {
        @JsonPropertyDescription("The script, run with sh")
        @JsonProperty(required = true)
        public String script;
    }

    @JsonTypeName("get_task")
    @JsonClassDescription("Read one of the user's tasks by its id or name: its status and, once ended, its output")
    static final class GetTask {
        @JsonPropertyDescription("The task's id or name")
        @JsonProperty(required = true)
        public String task;
    }

    @JsonTypeName("list_tasks")
    @JsonClassDescription("List the user's 20 newest tasks: id, name and status")
    static final class ListTasks {
        @JsonPropertyDescription("Only tasks with this status (queued, running, completed, failed, canceled), or all")
        @JsonProperty(required = true)
        public String status;
    }

    /**
     * What one tool call came to: the text for the model, a line for the person watching, and how
     * long its task took from being made to its end (0 for a tool that makes none).
     */
    record Outcome(String result, String progress, long taskNanos, UUID taskId) {
        Outcome(String result, String progress) {
            this(result, progress, 0, null);
        }
    }

    private final TaskCreation creation;
    private final TaskReads reads;
    private final TaskEnds ends;
    private final AuthAudit audit;
    private final AgentSettings settings;

    AgentTools(TaskCreation creation, TaskReads reads, TaskEnds ends, AuthAudit audit, AgentSettings settings) {
        this.creation = creation;
        this.reads = reads;
        this.ends = ends;
        this.audit = audit;
        this.settings = settings;
    }

    /**
     * The tools' definitions, derived by the SDK from their classes once (deriving and checking a
     * schema costs milliseconds; a chat asks the model several times).
     */
    private static final List<ChatCompletionTool> TOOLS = ChatCompletionCreateParams.builder()
            .model("any")
            .addUserMessage("any")
            .addTool(RunCommands.class)
            .addTool(RunScript.class)
            .addTool(GetTask.class)
            .addTool(ListTasks.class)
            .build()
            .tools()
            .orElseThrow();

    /** The tools, offered with each request to the model. */
    static ChatCompletionCreateParams.Builder offer(ChatCompletionCreateParams.Builder request) {
        return request.tools(TOOLS);
    }

    /** Runs one call as {@code me}; never throws for what the call asked. */
    Outcome run(
            UserPrincipal me,
            String clientAddr,
            String project,
            ChatCompletionMessageFunctionToolCall call,
            Duration wait) {
        String name = call.function().name();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tool", name);
        details.put("project", project);
        Outcome outcome;
        try {
            outcome = switch (name) {
                case "run_commands" -> {
                    RunCommands a = call.function().arguments(RunCommands.class);
                    yield ran(me, clientAddr, details, commands(a.commands), first(a.commands), wait);
                }
                case "run_script" -> {
                    RunScript a = call.function().arguments(RunScript.class);
                    yield ran(me, clientAddr, details, script(a.script), "a script", wait);
                }
                case "get_task" -> {
                    GetTask a = call.function().arguments(GetTask.class);
                    TaskRecord t = owned(me, a.task);
                    details.put("task_id", t.id().toString());
                    yield new Outcome(AgentResults.describe(t, reads), "> read task " + t.name());
                }
                case "list_tasks" -> {
                    ListTasks a = call.function().arguments(ListTasks.class);
                    TaskStatus only = a.status == null || a.status.isBlank() || a.status.equals("all")
                            ? null
                            : TaskStatus.parse(a.status)
                                    .orElseThrow(() -> new IllegalArgumentException("no status '" + a.status + "'"));
                    yield new Outcome(
                            AgentResults.list(reads.list(me.userId(), only, 20, (TaskReads.Keyset) null)),
                            "> listed tasks");
                }
                default -> new Outcome("error: there is no tool '" + name + "'", "> no tool " + name);
            };
            audit.record("agent_tool", "success", me.userId(), me.handle(), clientAddr, details);
        } catch (com.openai.errors.OpenAIInvalidDataException e) {
            audit.record("agent_tool", "refused", me.userId(), me.handle(), clientAddr, details);
            outcome = new Outcome(
                    "error: those arguments are not what " + name + " takes", "> " + name + " refused its arguments");
        } catch (ProblemException | InvalidPayload | IllegalArgumentException e) {
            audit.record("agent_tool", "refused", me.userId(), me.handle(), clientAddr, details);
            outcome = new Outcome("error: " + reason(e), "> " + name + " refused: " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Outcome("error: the chat ended while the tool ran", "> " + name + " interrupted");
        } catch (RuntimeException e) {
            audit.record("agent_tool", "failed", me.userId(), me.handle(), clientAddr, details);
            outcome = new Outcome(
                    "error: the tool failed (" + e.getClass().getSimpleName() + ")", "> " + name + " failed");
        }
        return new Outcome(
                SecretRedactor.redact(outcome.result()).text(),
                outcome.progress(),
                outcome.taskNanos(),
                outcome.taskId());
    }

    private Outcome ran(
            UserPrincipal me,
            String clientAddr,
            Map<String, Object> details,
            CreateTaskRequest body,
            String what,
            Duration wait)
            throws InterruptedException {
        long made = System.nanoTime();
        TaskRecord task = creation.create(me, clientAddr, body);
        details.put("task_id", task.id().toString());
        TaskRecord ended = ends.await(
                task.id(),
                wait.compareTo(settings.toolWait()) < 0 ? wait : settings.toolWait(),
                () -> reads.find(me.userId(), task.id()).orElse(task),
                t -> t.status().ended());
        String exit = ended.exitCode() == null ? ended.status().wire() : "exit " + ended.exitCode();
        return new Outcome(
                AgentResults.describe(ended, reads),
                "> ran: " + what + " (" + exit + ")",
                System.nanoTime() - made,
                task.id());
    }

    private TaskRecord owned(UserPrincipal me, String ref) {
        if (ref == null || ref.isBlank()) {
            throw InvalidPayload.of("task", "is required");
        }
        UUID id = null;
        try {
            id = ref.length() == 36 ? UUID.fromString(ref) : null;
        } catch (IllegalArgumentException e) {
            // a name
        }
        return (id == null ? reads.findByName(me.userId(), ref) : reads.find(me.userId(), id))
                .orElseThrow(() -> new IllegalArgumentException("no task of yours is '" + ref + "'"));
    }

    private static CreateTaskRequest commands(List<String> lines) {
        return new CreateTaskRequest(null, "commands", null, lines, "pm", null, null, null, null);
    }

    private static CreateTaskRequest script(String text) {
        return new CreateTaskRequest(null, "script", text, null, "pm", null, null, null, null);
    }

    private static String first(List<String> lines) {
        String line = lines == null || lines.isEmpty() ? "" : lines.getFirst();
        String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
        return lines != null && lines.size() > 1 ? shown + " (and " + (lines.size() - 1) + " more)" : shown;
    }

    private static String reason(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }
}
