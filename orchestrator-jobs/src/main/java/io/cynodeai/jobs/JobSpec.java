package io.cynodeai.jobs;

import io.cynodeai.contracts.json.Json;
import java.util.List;

/**
 * What a job runs, in the user's terms (a job's stored payload). The gateway says what the user
 * asked for; only the control plane turns it into a call: a Worker API request, with the image,
 * limits and network of its own settings, or a model request for a prompt.
 *
 * @param inputMode {@code commands} (run in a sandbox) or {@code prompt} (answered by a model)
 * @param commands the command lines, run in order (commands)
 * @param prompt the question or instruction (prompt); never run as a shell command
 * @param model the model asked for (prompt); null = the deployment's default
 */
public record JobSpec(String inputMode, List<String> commands, String prompt, String model) {
    public static final String COMMANDS = "commands";
    public static final String PROMPT = "prompt";

    public JobSpec {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    /** One shell command line, the Phase 1 form. */
    public static JobSpec commandLine(String line) {
        return new JobSpec(COMMANDS, List.of(line), null, null);
    }

    /** A question for a model. */
    public static JobSpec prompt(String text, String model) {
        return new JobSpec(PROMPT, List.of(), text, model);
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
        boolean commands = COMMANDS.equals(spec.inputMode()) && !spec.commands().isEmpty();
        boolean prompt = spec.answeredByModel()
                && spec.prompt() != null
                && !spec.prompt().isBlank();
        if (!commands && !prompt) {
            throw new IllegalArgumentException(
                    "a job spec needs input_mode 'commands' with commands, or 'prompt' with a prompt");
        }
        return spec;
    }

    String json() {
        return Json.write(this);
    }
}
