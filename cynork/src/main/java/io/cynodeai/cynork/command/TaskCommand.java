package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.gateway.Gateway;
import io.cynodeai.cynork.output.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "task",
        description = "Create, follow and read your tasks",
        subcommands = {
            TaskCreateCommand.class,
            TaskCommand.ListTasks.class,
            TaskCommand.Get.class,
            TaskCommand.Result.class,
            TaskCommand.Cancel.class,
            TaskLogsCommand.class,
            TaskWatchCommand.class,
            TaskArtifactsCommand.class
        })
public final class TaskCommand {
    static final Set<String> TERMINAL = Set.of("completed", "failed", "canceled", "superseded");
    private static final int MAX_WAIT = 60;

    /** The path of a task addressed by id or name. */
    static String path(String ref, String rest) {
        return "/v1/tasks/" + URLEncoder.encode(ref, StandardCharsets.UTF_8).replace("+", "%20") + rest;
    }

    /** The task's result, waiting (by the gateway's long-poll, 60 s at a time) until it has ended when asked. */
    static Object result(Gateway gateway, String ref, boolean wait) {
        Object r = gateway.get(path(ref, "/result"));
        while (wait && !TERMINAL.contains(Json.text(r, "status"))) {
            r = gateway.get(path(ref, "/result?wait_seconds=" + MAX_WAIT));
        }
        return r;
    }

    static void printResult(Session s, Object r) {
        boolean ended = TERMINAL.contains(Json.text(r, "status"));
        s.printer()
                .record(
                        r,
                        ended
                                ? Records.pairs(r, "task_id", "task_name", "status", "exit_code", "stdout", "stderr")
                                : Records.pairs(r, "task_id", "task_name", "status"));
    }

    @Command(name = "list", description = "Your tasks, newest first")
    static final class ListTasks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--status", paramLabel = "S", description = "Only tasks with this status")
        String status;

        @Option(
                names = {"-l", "--limit"},
                paramLabel = "N",
                description = "At most N tasks (1–200, default 50)")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "The next_cursor of the page before")
        String cursor;

        @Override
        public Integer call() {
            if (limit != null && (limit < 1 || limit > 200)) {
                throw CliFailure.usage("--limit must be 1 to 200");
            }
            StringBuilder q = new StringBuilder("/v1/tasks?limit=" + (limit == null ? 50 : limit));
            if (status != null) {
                q.append("&status=").append(URLEncoder.encode(status, StandardCharsets.UTF_8));
            }
            if (cursor != null) {
                q.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            }
            Session s = Cynork.session(spec);
            Object page = s.gateway().get(q.toString());
            var shown = Records.object("tasks", Json.get(page, "tasks"), "next_cursor", Json.get(page, "next_cursor"));
            List<Map<String, Object>> lines = new ArrayList<>();
            Json.list(page, "tasks").forEach(t -> lines.add(Records.pairs(t, "task_id", "status", "task_name")));
            s.printer().print(shown, lines);
            if ((Json.get(page, "next_cursor") instanceof String)) {
                s.printer().hint("more: --cursor " + Json.text(page, "next_cursor"));
            }
            return 0;
        }
    }

    @Command(name = "get", description = "One task, by id or name")
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|NAME")
        String ref;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object t = s.gateway().get(path(ref, ""));
            s.printer()
                    .record(
                            t,
                            Records.pairs(
                                    t,
                                    "task_id",
                                    "status",
                                    "task_name",
                                    "input_mode",
                                    "created_at",
                                    "exit_code",
                                    "ended_at"));
            return 0;
        }
    }

    @Command(name = "result", description = "A task's status and, once it has ended, what it printed")
    static final class Result implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|NAME")
        String ref;

        @Option(
                names = {"-w", "--wait"},
                description = "Wait until the task has ended")
        boolean wait;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            printResult(s, TaskCommand.result(s.gateway(), ref, wait));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a task (asks first unless -y)")
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|NAME")
        String ref;

        @Option(
                names = {"-y", "--yes"},
                description = "Do not ask")
        boolean yes;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            if (!yes) {
                String answer = new AuthCommand.Prompts(s).line("Cancel task " + ref + "? [y/N] ");
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    s.printer().hint("not canceled");
                    return 0;
                }
            }
            Object r = s.gateway().post(path(ref, "/cancel"), null);
            s.printer().record(r, Records.pairs(r, "task_id", "canceled"));
            return 0;
        }
    }
}
