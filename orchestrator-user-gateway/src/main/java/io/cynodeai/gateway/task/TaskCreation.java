package io.cynodeai.gateway.task;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.TaskBodies;
import io.cynodeai.contracts.user.TaskBodies.CreateTaskRequest;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.gateway.nodes.NodeRequirements;
import io.cynodeai.inference.InferencePaths;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.NewTask;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.jobs.files.TaskFile;
import io.cynodeai.jobs.files.TaskFiles;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Makes a user's task: the one way in, for the API and for the acting model's tools alike, so a
 * task the agent makes obeys the same rules, limits and quotas as one the user posts.
 */
@Component
public class TaskCreation {
    private static final Duration QUEUE_FULL_RETRY = Duration.ofSeconds(30);

    private final TaskFiles files;
    private final InferencePaths paths;
    private final TaskUploads uploads;
    private final NodeRequirements nodes;

    TaskCreation(TaskFiles files, InferencePaths paths, TaskUploads uploads, NodeRequirements nodes) {
        this.files = files;
        this.nodes = nodes;
        this.paths = paths;
        this.uploads = uploads;
    }

    /** A task without files (see {@link #create(UserPrincipal, String, CreateTaskRequest, List)}). */
    public TaskRecord create(UserPrincipal me, String clientAddr, CreateTaskRequest body) {
        return create(me, clientAddr, io.cynodeai.contracts.validation.WireValidation.check(body), List.of());
    }

    /**
     * A task for this user from this address, as {@code POST /v1/tasks} makes it: every rule of
     * its input (tasks.md §1), its files (§5), the nodes it may run on (nodes.md §2: 422 when
     * none could), the user's queue limit (429).
     */
    TaskRecord create(UserPrincipal me, String clientAddr, CreateTaskRequest body, List<TaskUploads.Upload> given) {
        if (!given.isEmpty() && TaskBodies.PROMPT.equals(body.effectiveInputMode())) {
            throw InvalidPayload.of("attachments", "apply to script and commands tasks only");
        }
        String name = TaskInputs.name(body);
        TaskInputs.Input input = TaskInputs.read(body, this::servedModel);
        if (!body.nodeLabels().isEmpty()) {
            if (input.job().answeredByModel()) {
                throw InvalidPayload.of("node_selector", "applies to script and commands tasks only");
            }
            nodes.check(body.nodeLabels());
        }
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
                            clientAddr,
                            name,
                            input.mode(),
                            input.text(),
                            input.job().withAttachments(stored.size()).onNodesLabelled(body.nodeLabels()),
                            listed),
                    stored);
        } catch (JobLifecycle.QueueFull full) {
            uploads.discard(stored);
            throw new ProblemException(ProblemType.RATE_LIMITED, full.getMessage(), QUEUE_FULL_RETRY);
        } catch (RuntimeException e) {
            uploads.discard(stored);
            throw e;
        }
        return task;
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
