package io.cynodeai.gateway.task;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.TaskBodies.CancelTaskResponse;
import io.cynodeai.contracts.user.TaskBodies.ListTasksResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskLogsResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskResultResponse;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.gateway.auth.AuthAudit;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.TaskEnds;
import io.cynodeai.jobs.TaskReads;
import io.cynodeai.jobs.TaskReads.Keyset;
import io.cynodeai.jobs.TaskReads.TaskWithJobs;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.jobs.TaskStatus;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "tasks", description = "A user's requests for work and their results")
@RestController
class TaskController {
    private static final int MAX_LIMIT = 200;
    private static final int MAX_WAIT_SECONDS = 60;

    private final JobLifecycle lifecycle;
    private final TaskReads reads;
    private final AuthAudit audit;
    private final TaskEnds ends;
    private final TaskRefs refs;

    TaskController(JobLifecycle lifecycle, TaskReads reads, AuthAudit audit, TaskEnds ends, TaskRefs refs) {
        this.lifecycle = lifecycle;
        this.refs = refs;
        this.reads = reads;
        this.ends = ends;
        this.audit = audit;
    }

    /**
     * Newest first, {@code status} filtered before paging. Paged by the opaque {@code cursor} (a
     * keyset: a page stays right while tasks are created); a request with {@code offset} is
     * paged as in Phase 1, and a request without a cursor gets {@code next_offset} too, as it did.
     */
    @Operation(summary = "List your tasks, newest first, by cursor (or offset)")
    @ApiResponse(responseCode = "200", description = "A page of tasks")
    @GetMapping("/v1/tasks")
    ListTasksResponse list(
            @AuthenticationPrincipal UserPrincipal me,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Integer offset,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String status) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidPayload.of("limit", "must be 1 to " + MAX_LIMIT);
        }
        TaskStatus only = status == null
                ? null
                : TaskStatus.parse(status)
                        .orElseThrow(() -> InvalidPayload.of("status", "must be one of " + TaskStatus.wireNames()));
        List<TaskRecord> page;
        if (offset != null) {
            if (offset < 0 || cursor != null) {
                throw InvalidPayload.of("offset", "must be at least 0, and not given with a cursor");
            }
            page = reads.list(me.userId(), only, limit + 1, offset);
        } else {
            page = reads.list(me.userId(), only, limit + 1, cursor == null ? null : TaskCursor.decode(cursor));
        }
        boolean more = page.size() > limit;
        List<TaskRecord> shown = more ? page.subList(0, limit) : page;
        TaskRecord last = shown.isEmpty() ? null : shown.getLast();
        return new ListTasksResponse(
                shown.stream().map(TaskViews::task).toList(),
                more ? TaskCursor.encode(new Keyset(last.createdAt(), last.id())) : null,
                more && cursor == null ? (offset == null ? 0 : offset) + limit : null);
    }

    @Operation(summary = "Read one of your tasks, by id or name")
    @ApiResponse(responseCode = "200", description = "The task")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id or name")
    @GetMapping("/v1/tasks/{id}")
    TaskResponse get(@AuthenticationPrincipal UserPrincipal me, @PathVariable String id) {
        return TaskViews.task(refs.owned(me.userId(), id));
    }

    /**
     * The task's status and its jobs' results, and at the top level its last job's output once
     * it has ended. With {@code wait_seconds} (an extension, at most 60) the answer waits until the
     * task has ended or that time has passed, so a client need not poll.
     */
    @Operation(summary = "Read a task's status and results, waiting up to wait_seconds for its end")
    @ApiResponse(responseCode = "200", description = "The task's status and results")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id or name")
    @GetMapping("/v1/tasks/{id}/result")
    TaskResultResponse result(
            @AuthenticationPrincipal UserPrincipal me,
            @PathVariable("id") String ref,
            @RequestParam(name = "wait_seconds", defaultValue = "0") int waitSeconds)
            throws InterruptedException {
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw InvalidPayload.of("wait_seconds", "must be 0 to " + MAX_WAIT_SECONDS);
        }
        UUID id = refs.id(me.userId(), ref);
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
        return TaskViews.result(read);
    }

    @Operation(summary = "Read what a task's jobs printed, as lines of one stream or both")
    @ApiResponse(responseCode = "200", description = "Its output")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id or name")
    @GetMapping("/v1/tasks/{id}/logs")
    TaskLogsResponse logs(
            @AuthenticationPrincipal UserPrincipal me,
            @PathVariable String id,
            @RequestParam(defaultValue = "all") String stream) {
        if (!List.of("stdout", "stderr", "all").contains(stream)) {
            throw InvalidPayload.of("stream", "must be one of [stdout, stderr, all]");
        }
        TaskRecord task = refs.owned(me.userId(), id);
        return TaskViews.logs(task, reads.outputs(task.id()), stream);
    }

    @Operation(summary = "Cancel a task: a queued one at once, a running one once its container is stopped")
    @ApiResponse(responseCode = "200", description = "Whether anything was canceled")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id or name")
    @PostMapping("/v1/tasks/{id}/cancel")
    CancelTaskResponse cancel(
            @AuthenticationPrincipal UserPrincipal me, @PathVariable("id") String ref, HttpServletRequest http) {
        UUID id = refs.owned(me.userId(), ref).id();
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

    private TaskWithJobs withJobs(UserPrincipal me, UUID id, boolean jobsAlways) {
        return reads.withJobs(me.userId(), id, jobsAlways)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no task " + id));
    }
}
