package io.cynodeai.gateway.task;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.TaskBodies;
import io.cynodeai.contracts.user.TaskBodies.CancelTaskResponse;
import io.cynodeai.contracts.user.TaskBodies.CreateTaskRequest;
import io.cynodeai.contracts.user.TaskBodies.JobView;
import io.cynodeai.contracts.user.TaskBodies.ListTasksResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskLogsResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskResultResponse;
import io.cynodeai.gateway.auth.AuthAudit;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.inference.InferencePaths;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.JobRecord;
import io.cynodeai.jobs.JobSpec;
import io.cynodeai.jobs.NewTask;
import io.cynodeai.jobs.TaskEnds;
import io.cynodeai.jobs.TaskReads;
import io.cynodeai.jobs.TaskReads.TaskWithJobs;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "tasks", description = "A user's requests for work and their results")
@RestController
class TaskController {
    private static final int MAX_LIMIT = 100;
    private static final int MAX_WAIT_SECONDS = 60;

    private final JobLifecycle lifecycle;
    private final TaskReads reads;
    private final AuthAudit audit;
    private final TaskEnds ends;
    private final InferencePaths paths;

    TaskController(JobLifecycle lifecycle, TaskReads reads, AuthAudit audit, TaskEnds ends, InferencePaths paths) {
        this.lifecycle = lifecycle;
        this.paths = paths;
        this.reads = reads;
        this.ends = ends;
        this.audit = audit;
    }

    @Operation(summary = "Create a task for the signed-in user")
    @ApiResponse(responseCode = "201", description = "The task, queued")
    @ApiResponse(responseCode = "409", description = "You already have a task with that name")
    @ApiResponse(responseCode = "503", description = "A prompt, and no inference path serves its model now")
    @PostMapping("/v1/tasks")
    ResponseEntity<TaskResponse> create(
            @AuthenticationPrincipal UserPrincipal me, @RequestBody CreateTaskRequest body, HttpServletRequest http) {
        JobSpec job = TaskBodies.PROMPT.equals(body.effectiveInputMode())
                ? JobSpec.prompt(body.prompt(), servedModel(body.model()))
                : JobSpec.commandLine(body.prompt());
        // The task, its job and its audit record commit together: one durable commit per task.
        TaskRecord task = lifecycle
                .enqueue(new NewTask(
                        me.userId(),
                        me.handle(),
                        http.getRemoteAddr(),
                        body.taskName(),
                        body.effectiveInputMode(),
                        body.prompt(),
                        job))
                .orElseThrow(() -> new ProblemException(
                        ProblemType.CONFLICT, "you already have a task named '" + body.taskName() + "'"));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(task));
    }

    @Operation(summary = "List your tasks, newest first")
    @ApiResponse(responseCode = "200", description = "A page of tasks")
    @GetMapping("/v1/tasks")
    ListTasksResponse list(
            @AuthenticationPrincipal UserPrincipal me,
            @RequestParam(defaultValue = "20") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "limit must be 1 to 100 and offset at least 0");
        }
        List<TaskResponse> page = reads.list(me.userId(), limit + 1, offset).stream()
                .map(TaskController::view)
                .toList();
        boolean more = page.size() > limit;
        return new ListTasksResponse(more ? page.subList(0, limit) : page, more ? offset + limit : null);
    }

    @Operation(summary = "Read one of your tasks")
    @ApiResponse(responseCode = "200", description = "The task")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id")
    @GetMapping("/v1/tasks/{id}")
    TaskResponse get(@AuthenticationPrincipal UserPrincipal me, @PathVariable UUID id) {
        return view(owned(me, id));
    }

    /**
     * The task's status and its jobs' results. With {@code wait_seconds} (an extension, at most
     * 60) the answer waits until the task has ended or that time has passed, so a client need
     * not poll.
     */
    @Operation(summary = "Read a task's status and its jobs' results, waiting up to wait_seconds for its end")
    @ApiResponse(responseCode = "200", description = "The task's status and results")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id")
    @GetMapping("/v1/tasks/{id}/result")
    TaskResultResponse result(
            @AuthenticationPrincipal UserPrincipal me,
            @PathVariable UUID id,
            @RequestParam(name = "wait_seconds", defaultValue = "0") int waitSeconds)
            throws InterruptedException {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "wait_seconds must be 0 to " + MAX_WAIT_SECONDS);
        }
        // Each read is one statement; it carries the jobs once the task has ended (or when not
        // waiting), so a wait that ends with the task costs two reads.
        TaskWithJobs read = ends.await(
                id,
                Duration.ofSeconds(waitSeconds),
                () -> withJobs(me, id, waitSeconds == 0),
                r -> r.task().status().ended());
        if (waitSeconds > 0 && !read.task().status().ended()) {
            read = withJobs(me, id, true);
        }
        return new TaskResultResponse(
                read.task().id().toString(),
                read.task().status().wire(),
                read.jobs().stream().map(TaskController::view).toList());
    }

    @Operation(summary = "Read what a task's jobs printed")
    @ApiResponse(responseCode = "200", description = "Its stdout and stderr")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id")
    @GetMapping("/v1/tasks/{id}/logs")
    TaskLogsResponse logs(@AuthenticationPrincipal UserPrincipal me, @PathVariable UUID id) {
        TaskRecord task = owned(me, id);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        reads.outputs(id).forEach(o -> {
            out.append(o.stdout());
            err.append(o.stderr());
        });
        return new TaskLogsResponse(task.id().toString(), out.toString(), err.toString());
    }

    @Operation(summary = "Cancel a task: a queued one at once, a running one once its container is stopped")
    @ApiResponse(responseCode = "200", description = "Whether anything was canceled")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id")
    @PostMapping("/v1/tasks/{id}/cancel")
    CancelTaskResponse cancel(
            @AuthenticationPrincipal UserPrincipal me, @PathVariable UUID id, HttpServletRequest http) {
        owned(me, id);
        boolean canceled = lifecycle.cancel(id);
        audit.record(
                "task_cancel",
                canceled ? "success" : "not_cancelable",
                me.userId(),
                me.handle(),
                http.getRemoteAddr(),
                Map.of("task_id", id.toString()));
        return new CancelTaskResponse(id.toString(), canceled);
    }

    /**
     * The model a prompt task will be answered by; refused (503, Retry-After) when no inference
     * path serves it now, rather than queued with nothing to answer it.
     */
    private String servedModel(String requested) {
        String model = paths.resolve(requested)
                .orElseThrow(() -> new ProblemException(
                        ProblemType.NO_INFERENCE_PATH,
                        "no inference path exists now to answer a prompt",
                        Duration.ofSeconds(5)));
        if (paths.serving(model).isEmpty()) {
            throw new ProblemException(
                    ProblemType.NO_INFERENCE_PATH,
                    "no inference path serves the model '" + model + "' now",
                    Duration.ofSeconds(5));
        }
        return model;
    }

    private TaskWithJobs withJobs(UserPrincipal me, UUID id, boolean jobsAlways) {
        return reads.withJobs(me.userId(), id, jobsAlways)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no task " + id));
    }

    private TaskRecord owned(UserPrincipal me, UUID id) {
        return reads.find(me.userId(), id)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no task " + id));
    }

    private static TaskResponse view(TaskRecord t) {
        String id = t.id().toString();
        return new TaskResponse(
                id, id, t.status().wire(), t.name(), t.prompt(), t.summary(), t.createdAt(), t.updatedAt());
    }

    private static JobView view(JobRecord j) {
        return new JobView(
                j.id().toString(), j.status().wire(), j.resultJson(), j.queuedAt(), j.startedAt(), j.endedAt());
    }
}
