package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "create", description = "Create a task from exactly one input")
final class TaskCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-p", "--prompt"},
            paramLabel = "TEXT",
            description = "A prompt, answered by a model")
    String prompt;

    @Option(
            names = {"-t", "--task"},
            paramLabel = "TEXT",
            description = "The same as --prompt")
    String task;

    @Option(
            names = {"-f", "--task-file"},
            paramLabel = "PATH",
            description = "A prompt from a file (≤ 1 MiB)")
    String taskFile;

    @Option(
            names = {"-s", "--script"},
            paramLabel = "PATH",
            description = "A shell script to run (≤ 256 KiB)")
    String script;

    @Option(names = "--command", paramLabel = "CMD", description = "A command line; repeat for more, run in order")
    List<String> commands = new ArrayList<>();

    @Option(names = "--commands-file", paramLabel = "PATH", description = "One command per line (≤ 64 KiB)")
    String commandsFile;

    @Option(names = "--name", paramLabel = "NAME", description = "The task's name (normalised; made unique)")
    String name;

    @Option(
            names = {"-a", "--attach"},
            paramLabel = "PATH",
            description = "A file for the job (≤ 16, each ≤ 10 MiB)")
    List<String> attachments = new ArrayList<>();

    @Option(
            names = "--node-label",
            paramLabel = "LABEL",
            description = "Run only on a node with this label; repeat for more (all must match)")
    List<String> nodeLabels = new ArrayList<>();

    @Option(names = "--use-inference", description = "The sandbox may call the node's model")
    boolean useInference;

    @Option(names = "--model", paramLabel = "ID", description = "The model that answers a prompt")
    String model;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "The job's timeout")
    Integer timeout;

    @Option(names = "--result", description = "Wait for the end and print the result")
    boolean result;

    @Override
    public Integer call() {
        Map<String, Object> body = TaskInput.of(prompt, task, taskFile, script, commands, commandsFile);
        if (timeout != null && timeout < 1) {
            throw CliFailure.usage("--timeout must be at least 1 second");
        }
        if (attachments.size() > TaskInput.ATTACHMENTS_MAX) {
            throw CliFailure.usage("at most " + TaskInput.ATTACHMENTS_MAX + " attachments");
        }
        List<Path> files = attachments.stream().map(TaskInput::attachment).toList();
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            if (!names.add(f.getFileName().toString())) {
                throw CliFailure.usage(
                        "two attachments are named " + f.getFileName() + "; a task's files need distinct names");
            }
        }
        Session s = Cynork.session(spec);
        putIf(body, "task_name", name);
        putIf(body, "model", model);
        putIf(body, "timeout_seconds", timeout);
        if (useInference) {
            body.put("use_inference", true);
        }
        if (!nodeLabels.isEmpty()) {
            body.put("node_selector", Map.of("labels", nodeLabels));
        }
        Object created;
        if (files.isEmpty()) {
            created = s.gateway().post("/v1/tasks", body);
        } else {
            // Each file as a part named by its base name; the path as typed, for display.
            List<Map<String, Object>> described = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                described.add(Map.of("name", files.get(i).getFileName().toString(), "path", attachments.get(i)));
            }
            body.put("attachments", described);
            created = s.gateway().files().postFiles("/v1/tasks", body, files);
        }
        if (result) {
            TaskCommand.printResult(s, TaskCommand.result(s.gateway(), Json.text(created, "task_id"), true));
        } else {
            s.printer()
                    .record(
                            created,
                            files.isEmpty()
                                    ? Records.pairs(created, "task_id", "task_name")
                                    : Records.pairs(created, "task_id", "task_name", "attachments"));
        }
        return 0;
    }

    private static void putIf(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
