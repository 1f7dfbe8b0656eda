package io.cynodeai.gateway.task;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.user.TaskBodies;
import io.cynodeai.contracts.user.TaskBodies.JobView;
import io.cynodeai.contracts.user.TaskBodies.TaskLogsResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskResponse;
import io.cynodeai.contracts.user.TaskBodies.TaskResultResponse;
import io.cynodeai.jobs.JobRecord;
import io.cynodeai.jobs.TaskReads;
import io.cynodeai.jobs.TaskReads.TaskWithJobs;
import io.cynodeai.jobs.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The gateway's views of stored tasks and jobs. */
final class TaskViews {
    private TaskViews() {}

    static TaskResponse task(TaskRecord t) {
        String id = t.id().toString();
        boolean ended = t.status().ended();
        return new TaskResponse(
                id,
                id,
                t.status().wire(),
                t.name(),
                t.inputMode(),
                t.prompt(),
                t.summary(),
                t.attachments(),
                ended && ranInSandbox(t) ? t.exitCode() : null,
                t.createdAt(),
                t.updatedAt(),
                ended ? t.endedAt() : null);
    }

    /** The Phase 1 result, with the last job's output and exit code at the top once the task has ended. */
    static TaskResultResponse result(TaskWithJobs read) {
        TaskRecord t = read.task();
        List<JobView> jobs = read.jobs().stream().map(TaskViews::job).toList();
        if (!t.status().ended()) {
            return new TaskResultResponse(
                    t.id().toString(), t.name(), t.status().wire(), null, null, null, jobs);
        }
        JsonNode last = read.jobs().isEmpty() || read.jobs().getLast().resultJson() == null
                ? null
                : Json.mapper().readTree(read.jobs().getLast().resultJson());
        return new TaskResultResponse(
                t.id().toString(),
                t.name(),
                t.status().wire(),
                text(last, "stdout"),
                TaskBodies.PROMPT.equals(t.inputMode()) ? "" : text(last, "stderr"),
                ranInSandbox(t) ? t.exitCode() : null,
                jobs);
    }

    /** What the task's jobs printed, in order: one stream's lines, or stdout's then stderr's. */
    static TaskLogsResponse logs(TaskRecord task, List<TaskReads.JobOutput> outputs, String stream) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        outputs.forEach(o -> {
            out.append(o.stdout());
            err.append(o.stderr());
        });
        boolean stdout = !"stderr".equals(stream);
        boolean stderr = !"stdout".equals(stream);
        List<String> lines = new ArrayList<>();
        if (stdout) {
            lines.addAll(out.toString().lines().toList());
        }
        if (stderr) {
            lines.addAll(err.toString().lines().toList());
        }
        return new TaskLogsResponse(
                task.id().toString(),
                task.name(),
                stream,
                lines,
                stdout ? out.toString() : null,
                stderr ? err.toString() : null);
    }

    static JobView job(JobRecord j) {
        return new JobView(
                j.id().toString(),
                j.status().wire(),
                j.nodeSlug(),
                j.resultJson(),
                j.queuedAt(),
                j.startedAt(),
                j.endedAt());
    }

    private static boolean ranInSandbox(TaskRecord t) {
        return !TaskBodies.PROMPT.equals(t.inputMode());
    }

    private static String text(JsonNode result, String field) {
        return result == null || !result.path(field).isString()
                ? ""
                : result.path(field).asString();
    }
}
