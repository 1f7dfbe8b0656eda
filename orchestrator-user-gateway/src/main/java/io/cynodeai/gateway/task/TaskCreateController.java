package io.cynodeai.gateway.task;

import io.cynodeai.contracts.files.Spools;
import io.cynodeai.contracts.user.TaskBodies.CreateTaskRequest;
import io.cynodeai.contracts.user.TaskBodies.TaskResponse;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
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
    private final TaskCreation creation;

    TaskCreateController(TaskCreation creation) {
        this.creation = creation;
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
        // Every file part but the request itself (sent as a file by some clients: curl -F request=@task.json).
        List<org.springframework.web.multipart.MultipartFile> parts = http.getMultiFileMap().entrySet().stream()
                .filter(e -> !e.getKey().equals("request"))
                .flatMap(e -> e.getValue().stream())
                .toList();
        return created(me, body, TaskUploads.fromMultipart(body, parts), http);
    }

    private ResponseEntity<TaskResponse> created(
            UserPrincipal me, CreateTaskRequest body, List<TaskUploads.Upload> given, HttpServletRequest http) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(TaskViews.task(creation.create(me, http.getRemoteAddr(), body, given)));
    }
}
