package io.cynodeai.jobs;

import io.cynodeai.contracts.json.Json;
import java.util.List;

/**
 * What a job runs, in the user's terms (a job's stored payload). The gateway says what the user
 * asked for; only the control plane turns it into a call: a Worker API request, with the image,
 * limits and network of its own settings, or a model request for a prompt.
 *
 * @param inputMode {@code commands} or {@code script} (run in a sandbox), or {@code prompt}
 *     (answered by a model)
 * @param commands the command lines, run in order, stopping at the first that fails (commands)
 * @param prompt the question or instruction (prompt); never run as a shell command
 * @param model the model asked for (prompt); null = the deployment's default
 * @param script a shell script, run with {@code sh} from a file in the workspace (script)
 * @param timeoutSeconds the user's time limit (sandbox jobs; the node caps it); null = the default
 * @param attachments how many files the task has for its sandbox (tasks.md §5); null = none
 * @param nodeLabels the labels a node must carry to run it (the task's {@code node_selector},
 *     nodes.md §2); empty = any node
 */
public record JobSpec(
        String inputMode,
        List<String> commands,
        String prompt,
        String model,
        String script,
        Integer timeoutSeconds,
        Integer attachments,
        List<String> nodeLabels) {
    public static final String COMMANDS = "commands";
    public static final String PROMPT = "prompt";
    public static final String SCRIPT = "script";

    public JobSpec {
        commands = commands == null ? List.of() : List.copyOf(commands);
        nodeLabels = nodeLabels == null ? List.of() : List.copyOf(nodeLabels);
    }

    /** One shell command line, the Phase 1 form. */
    public static JobSpec commandLine(String line) {
        return commands(List.of(line), null);
    }

    /** Command lines run in order, stopping at the first that fails. */
    public static JobSpec commands(List<String> lines, Integer timeoutSeconds) {
        return new JobSpec(COMMANDS, lines, null, null, null, timeoutSeconds, null, null);
    }

    /** A shell script. */
    public static JobSpec script(String text, Integer timeoutSeconds) {
        return new JobSpec(SCRIPT, List.of(), null, null, text, timeoutSeconds, null, null);
    }

    /** A question for a model. */
    public static JobSpec prompt(String text, String model) {
        return new JobSpec(PROMPT, List.of(), text, model, null, null, null, null);
    }

    /** The same job, with this many attachments to place in its sandbox. */
    public JobSpec withAttachments(int count) {
        return new JobSpec(
                inputMode, commands, prompt, model, script, timeoutSeconds, count == 0 ? null : count, nodeLabels);
    }

    /** The same job, for a node that carries every one of these labels. */
    public JobSpec onNodesLabelled(List<String> labels) {
        return new JobSpec(inputMode, commands, prompt, model, script, timeoutSeconds, attachments, labels);
    }

    public boolean hasAttachments() {
        return attachments != null && attachments > 0;
    }

    public boolean answeredByModel() {
        return PROMPT.equals(inputMode);
    }

    /** Reads a stored payload; throws {@link IllegalArgumentException} for one that is not a spec. */
    public static JobSpec parse(String json) {
        JobSpec spec;
        try {
            spec = Json.mapper().readValue(json, JobSpec.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a job spec", e);
        }
        boolean valid = switch (spec.inputMode() == null ? "" : spec.inputMode()) {
            case COMMANDS -> !spec.commands().isEmpty();
            case SCRIPT -> present(spec.script());
            case PROMPT -> present(spec.prompt());
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("a job spec needs input_mode 'commands' with commands,"
                    + " 'script' with a script, or 'prompt' with a prompt");
        }
        return spec;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    String json() {
        return Json.write(this);
    }
}
