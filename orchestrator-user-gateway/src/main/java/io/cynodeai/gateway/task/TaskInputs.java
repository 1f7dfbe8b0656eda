package io.cynodeai.gateway.task;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.TaskBodies;
import io.cynodeai.contracts.user.TaskBodies.CreateTaskRequest;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.jobs.JobSpec;
import io.cynodeai.jobs.TaskNames;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The rules of a create-task request that span its fields (tasks.md §1): exactly one of
 * {@code prompt}, {@code script} and {@code commands} carries the input, and it matches the mode
 * (a Phase 1 {@code commands} request may carry its one line in {@code prompt}); each input within
 * its size limit (413 beyond it). The answer is what the task stores and what its job runs.
 */
final class TaskInputs {
    static final int MAX_PROMPT_BYTES = 1 << 20;
    static final int MAX_SCRIPT_BYTES = 256 << 10;
    static final int MAX_COMMANDS_BYTES = 64 << 10;
    static final int MAX_COMMANDS = 64;

    /** The task's input as stored (its text) and its job, before a prompt's model is chosen. */
    record Input(String mode, String text, JobSpec job) {}

    private TaskInputs() {}

    /**
     * @param model the model a prompt is answered by, chosen once the request is known to be one
     */
    static Input read(CreateTaskRequest body, Function<String, String> model) {
        String mode = body.effectiveInputMode();
        Integer timeout = body.timeoutSeconds();
        inference(body, mode);
        switch (mode) {
            case TaskBodies.PROMPT -> {
                only(body, "prompt", mode);
                String prompt = required(body.prompt(), "prompt", mode);
                limit(prompt, MAX_PROMPT_BYTES, "prompt");
                if (timeout != null) {
                    throw InvalidPayload.of("timeout_seconds", "applies to script and commands tasks only");
                }
                return new Input(mode, prompt, JobSpec.prompt(prompt, model.apply(body.model())));
            }
            case TaskBodies.SCRIPT -> {
                only(body, "script", mode);
                String script = required(body.script(), "script", mode);
                limit(script, MAX_SCRIPT_BYTES, "script");
                return new Input(mode, script, JobSpec.script(script, timeout));
            }
            default -> {
                if (body.commands() == null && body.prompt() != null && body.script() == null) {
                    String line = required(body.prompt(), "prompt", mode);
                    limit(line, MAX_COMMANDS_BYTES, "prompt");
                    return new Input(mode, line, JobSpec.commands(List.of(line), timeout));
                }
                only(body, "commands", mode);
                List<String> commands = commands(body.commands());
                return new Input(mode, String.join("\n", commands), JobSpec.commands(commands, timeout));
            }
        }
    }

    /** The normalised name the user suggested, or null (a {@code task-<n>} name); 400 when nothing is left of it. */
    static String name(CreateTaskRequest body) {
        if (body.taskName() == null) {
            return null;
        }
        return TaskNames.normalise(body.taskName())
                .orElseThrow(() -> InvalidPayload.of("task_name", "must contain a letter or a digit"));
    }

    private static List<String> commands(List<String> commands) {
        if (commands == null || commands.isEmpty() || commands.size() > MAX_COMMANDS) {
            throw InvalidPayload.of("commands", "must be 1 to " + MAX_COMMANDS + " command lines");
        }
        long bytes = 0;
        for (int i = 0; i < commands.size(); i++) {
            String c = commands.get(i);
            if (c == null || c.isBlank()) {
                throw InvalidPayload.of("commands[" + i + "]", "must be a non-empty command line");
            }
            bytes += c.getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_COMMANDS_BYTES) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE, "commands are " + bytes + " bytes in all; the limit is 64 KiB");
        }
        return commands;
    }

    /** The fields other than {@code carrier} that hold an input must be absent. */
    private static void only(CreateTaskRequest body, String carrier, String mode) {
        check(body.prompt() != null, "prompt", carrier, mode);
        check(body.script() != null, "script", carrier, mode);
        check(body.commands() != null, "commands", carrier, mode);
    }

    private static void inference(CreateTaskRequest body, String mode) {
        if (Boolean.TRUE.equals(body.useInference())) {
            if (TaskBodies.PROMPT.equals(mode)) {
                throw InvalidPayload.of("use_inference", "applies to script and commands tasks only");
            }
            throw new ProblemException(
                    ProblemType.UNPROCESSABLE,
                    "use_inference (a model reached from the sandbox) is not available on this orchestrator yet");
        }
    }

    private static void check(boolean present, String field, String carrier, String mode) {
        if (present && !field.equals(carrier)) {
            throw InvalidPayload.of(
                    field, "must be absent: input_mode '" + mode + "' takes its input from '" + carrier + "'");
        }
    }

    private static String required(String value, String field, String mode) {
        if (value == null || value.isBlank()) {
            throw InvalidPayload.of(field, "is required for input_mode '" + mode + "'");
        }
        return value;
    }

    private static void limit(String value, int max, String field) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > max) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    field + " is " + bytes + " bytes; the limit is " + (max >> 10) + " KiB");
        }
    }
}
