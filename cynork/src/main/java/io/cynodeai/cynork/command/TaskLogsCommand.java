package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", description = "What a task printed: raw lines (table) or {task_id, task_name, stream, lines}")
final class TaskLogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID|NAME")
    String ref;

    @Option(names = "--stream", paramLabel = "stdout|stderr|all", description = "Which output (default all)")
    String stream = "all";

    @Option(
            names = {"-F", "--follow"},
            description = "Wait for the task to end, then print its output")
    boolean follow;

    @Override
    public Integer call() {
        if (!java.util.List.of("stdout", "stderr", "all").contains(stream)) {
            throw CliFailure.usage("--stream must be stdout, stderr or all");
        }
        Session s = Cynork.session(spec);
        if (follow && !s.printer().json()) {
            new TaskFollower(s, ref, stream).follow();
            return 0;
        }
        if (follow) {
            // One JSON value at the end: the result's long-poll waits for it, not a loop of reads.
            TaskCommand.result(s.gateway(), ref, true);
        }
        Object logs = s.gateway().get(TaskCommand.path(ref, "/logs?stream=" + stream));
        if (s.printer().json()) {
            s.printer()
                    .printOr(
                            Records.object(
                                    "task_id", Json.get(logs, "task_id"),
                                    "task_name", Json.get(logs, "task_name"),
                                    "stream", Json.get(logs, "stream"),
                                    "lines", Json.get(logs, "lines")),
                            "");
        } else {
            Json.list(logs, "lines").forEach(l -> s.printer().out().println(l));
            s.printer().out().flush();
        }
        return 0;
    }
}
