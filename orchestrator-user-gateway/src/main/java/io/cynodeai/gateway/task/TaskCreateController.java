package io.cynodeai.gateway.task;

import io.cynodeai.contracts.files.Spools;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.TaskBodies;
import io.cynodeai.contracts.user.TaskBodies.CreateTaskRequest;
import io.cynodeai.contracts.user.TaskBodies.TaskResponse;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.inference.InferencePaths;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.NewTask;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.jobs.files.TaskFile;
import io.cynodeai.jobs.files.TaskFiles;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Creating tasks (tasks.md §1, §5): a prompt, a script or command lines, with files for the job. */
@Tag(name = "tasks", description = "A user's requests for work and their results")
@RestController
class TaskCreateController {
    private static final Duration QUEUE_FULL_RETRY = Duration.ofSeconds(30);

    private final TaskFiles files;
    private final InferencePaths paths;
    private final TaskUploads uploads;

    TaskCreateController(TaskFiles files, InferencePaths paths, TaskUploads uploads) {
        this.files = files;
        this.paths = paths;
        this.uploads = uploads;
    }

    @Operation(
            summary = "Create a task for the signed-in user: a prompt, a script or command lines",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(schema = @Schema(implementation = CreateTaskRequest.class))))
    @ApiResponse(responseCode = "201", description = "The task, queued")
    @ApiResponse(
            responseCode = "413",
            description = "Its input is over the limit of its mode, or its files over theirs")
    @ApiResponse(responseCode = "429", description = "You have the most tasks waiting that a user may; Retry-After")
    @ApiResponse(responseCode = "503", description = "A prompt, and no inference path serves its model now")
    @PostMapping(path = "/v1/tasks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskResponse> create(@AuthenticationPrincipal UserPrincipal me, HttpServletRequest http) {
        try (Spools spools = new Spools(null)) {
            CreateTaskRequest body = TaskUploads.readJson(http, spools);
            return created(me, body, TaskUploads.fromJson(body), http);
        }
    }

    /**
     * The same as {@code multipart/form-data}: a {@code request} part (the JSON above, its {@code
     * attachments} without content, or absent) and one part per file, named by its file name.
     */
    @Operation(summary = "Create a task with files for its job, as multipart/form-data")
    @ApiResponse(responseCode = "201", description = "The task, queued")
    @ApiResponse(responseCode = "413", description = "More than 16 files, or one over 10 MiB")
    @PostMapping(path = "/v1/tasks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<TaskResponse> createWithFiles(
            @AuthenticationPrincipal UserPrincipal me,
            @RequestPart("request") CreateTaskRequest body,
            MultipartHttpServletRequest http) {
        List<org.springframework.web.multipart.MultipartFile> parts =
                http.getMultiFileMap().values().stream().flatMap(List::stream).toList();
        return created(me, body, TaskUploads.fromMultipart(body, parts), http);
    }

    private ResponseEntity<TaskResponse> created(
            UserPrincipal me, CreateTaskRequest body, List<TaskUploads.Upload> given, HttpServletRequest http) {
        if (!given.isEmpty() && TaskBodies.PROMPT.equals(body.effectiveInputMode())) {
            throw InvalidPayload.of("attachments", "apply to script and commands tasks only");
        }
        String name = TaskInputs.name(body);
        TaskInputs.Input input = TaskInputs.read(body, this::servedModel);
        List<TaskFile.New> stored = uploads.store(given);
        List<String> listed = stored.stream()
                .map(f -> f.path() == null || f.path().isBlank() ? f.name() : f.path())
                .toList();
        // The task, its job, its files and its audit record commit together.
        TaskRecord task;
        try {
            task = files.enqueue(
                    new NewTask(
                            me.userId(),
                            me.handle(),
                            http.getRemoteAddr(),
                            name,
                            input.mode(),
                            input.text(),
                            input.job().withAttachments(stored.size()),
                            listed),
                    stored);
        } catch (JobLifecycle.QueueFull full) {
            uploads.discard(stored);
            throw new ProblemException(ProblemType.RATE_LIMITED, full.getMessage(), QUEUE_FULL_RETRY);
        } catch (RuntimeException e) {
            uploads.discard(stored);
            throw e;
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(TaskViews.task(task));
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
}
