package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "watch", description = "Redraw a task's result until it has ended")
final class TaskWatchCommand implements Callable<Integer> {
    private static final Pattern INTERVAL = Pattern.compile("([0-9]+)(ms|s|m)?");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID|NAME")
    String ref;

    @Option(
            names = {"-n", "--interval"},
            paramLabel = "DURATION",
            description = "Between draws, at least 1s (default 2s)")
    String interval = "2s";

    @Option(names = "--no-clear", description = "Do not clear the screen between draws")
    boolean noClear;

    @Override
    public Integer call() throws InterruptedException {
        Duration every = interval(interval);
        Session s = Cynork.session(spec);
        boolean clear = !noClear && !s.printer().json() && io.cynodeai.cynork.output.Terminal.interactive();
        while (true) {
            Object r = TaskCommand.result(s.gateway(), ref, false);
            if (clear) {
                s.printer().out().print("\033[H\033[2J");
            }
            TaskCommand.printResult(s, r);
            if (TaskCommand.TERMINAL.contains(Json.text(r, "status"))) {
                return 0;
            }
            Thread.sleep(every);
        }
    }

    static Duration interval(String text) {
        Matcher m = INTERVAL.matcher(text.strip());
        if (!m.matches()) {
            throw CliFailure.usage("--interval must be a duration such as 2s, 1500ms or 1m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new CliFailure(Exit.USAGE, "--interval must be at least 1s");
        }
        return d;
    }
}
