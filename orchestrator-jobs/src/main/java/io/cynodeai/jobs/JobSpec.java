package io.cynodeai.jobs;

import io.cynodeai.contracts.json.Json;
import java.util.List;

/**
 * What a job runs, in the user's terms (a job's stored payload). The gateway says what the user
 * asked for; only the control plane turns it into a Worker API request, with the image, limits
 * and network of its own settings.
 *
 * @param inputMode the task's input mode ({@code commands} for now)
 * @param commands the command lines, run in order
 */
public record JobSpec(String inputMode, List<String> commands) {
    public static final String COMMANDS = "commands";

    public JobSpec {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    /** One shell command line, the Phase 1 form. */
    public static JobSpec commandLine(String line) {
        return new JobSpec(COMMANDS, List.of(line));
    }

    /** Reads a stored payload; throws {@link IllegalArgumentException} for one that is not a spec. */
    public static JobSpec parse(String json) {
        JobSpec spec;
        try {
            spec = Json.mapper().readValue(json, JobSpec.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a job spec", e);
        }
        if (!COMMANDS.equals(spec.inputMode()) || spec.commands().isEmpty()) {
            throw new IllegalArgumentException("a job spec needs input_mode 'commands' and at least one command");
        }
        return spec;
    }

    String json() {
        return Json.write(this);
    }
}
