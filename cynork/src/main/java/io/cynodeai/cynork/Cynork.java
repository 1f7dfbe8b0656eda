package io.cynodeai.cynork;

import io.cynodeai.cynork.command.AuthCommand;
import io.cynodeai.cynork.command.ChatCommand;
import io.cynodeai.cynork.command.ModelsCommand;
import io.cynodeai.cynork.command.NodesCommand;
import io.cynodeai.cynork.command.StatusCommand;
import io.cynodeai.cynork.command.TaskCommand;
import io.cynodeai.cynork.command.TokensCommand;
import io.cynodeai.cynork.command.UsersCommand;
import io.cynodeai.cynork.command.VersionCommand;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code cynork}: the command-line client of the User API Gateway (cli.md). */
@Command(
        name = "cynork",
        mixinStandardHelpOptions = false,
        description = "The command-line client of CyNodeAI's User API Gateway.")
public final class Cynork implements Runnable {
    @Option(
            names = {"-c", "--config"},
            scope = ScopeType.INHERIT,
            paramLabel = "PATH",
            description = "The config file")
    String config;

    @Option(
            names = {"-o", "--output"},
            scope = ScopeType.INHERIT,
            paramLabel = "table|json",
            description = "Output format (default table)")
    Format output = Format.table;

    @Option(
            names = {"-q", "--quiet"},
            scope = ScopeType.INHERIT,
            description = "No hints on stderr")
    boolean quiet;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colours")
    boolean noColor;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            description = "Show this help")
    boolean help;

    @Option(names = "--cds-training", hidden = true, description = "The build's class-data sharing training run")
    boolean cdsTraining;

    /**
     * The commands, by name. Only the one a command line names is given to picocli (each costs a
     * few milliseconds of reflection at every start); all of them when it names none, for help.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> c = new LinkedHashMap<>();
        c.put("version", VersionCommand::new);
        c.put("status", StatusCommand::new);
        c.put("auth", AuthCommand::new);
        c.put("task", TaskCommand::new);
        c.put("models", ModelsCommand::new);
        c.put("chat", ChatCommand::new);
        c.put("tokens", TokensCommand::new);
        c.put("users", UsersCommand::new);
        c.put("nodes", NodesCommand::new);
        return c;
    }

    /** The output formats. */
    public enum Format {
        table,
        json
    }

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private Session session;

    Cynork(Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** The session of this run, made on first use (after the arguments were parsed). */
    public Session session() {
        if (session == null) {
            session = new Session(env, config, output == Format.json, quiet, in, out, err);
        }
        return session;
    }

    /** Whether {@code --no-color} was given. */
    public boolean noColor() {
        return noColor;
    }

    /** The session of the command this spec belongs to. */
    public static Session session(CommandSpec spec) {
        return ((Cynork) spec.root().userObject()).session();
    }

    @Override
    public void run() {
        if (cdsTraining) {
            train();
            return;
        }
        throw CliFailure.usage("a command is required: see 'cynork --help'");
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(System.getenv(), System.in, System.out, System.err, args);
        } catch (RuntimeException e) {
            // Never a stack trace: what went wrong, in one line.
            System.err.println("cynork: internal error (" + e.getClass().getSimpleName() + ")");
            code = Exit.INTERNAL;
        }
        System.exit(code);
    }

    /** Runs one command line; the exit code of cli.md. */
    public static int run(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new Cynork(env, in, out, err));
        String named = commandName(args);
        COMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) {
                cli.addSubcommand(name, command.get());
            }
        });
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setAbbreviatedOptionsAllowed(false);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("cynork: " + e.getMessage().lines().findFirst().orElse("usage error"));
            return Exit.USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof CliFailure f) {
                err.println("cynork: " + f.getMessage());
                return f.exitCode();
            }
            if (e instanceof CommandLine.ParameterException p) {
                err.println("cynork: " + p.getMessage());
                return Exit.USAGE;
            }
            err.println("cynork: internal error (" + e.getClass().getSimpleName() + ")");
            return Exit.INTERNAL;
        });
        return cli.execute(args);
    }

    /** The first word of the command line that is neither an option nor a global option's value, if it names a command. */
    static String commandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-c") || a.equals("--config") || a.equals("-o") || a.equals("--output")) {
                i++;
            } else if (!a.startsWith("-")) {
                return COMMANDS.containsKey(a) ? a : null;
            }
        }
        return null;
    }

    /**
     * The classes a typical run loads, for the build's class-data sharing archive: parsing, the
     * config file, a JSON request to a closed port and its failure, the table and JSON output.
     */
    private void train() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> trainingEnv =
                Map.of("CYNORK_GATEWAY_URL", "http://127.0.0.1:9", "CYNORK_TOKEN", "training", "HOME", "/nonexistent");
        String[][] runs = {
            {"version"},
            {"version", "-o", "json"},
            {"status"},
            {"task", "get", "x", "-o", "json"},
            {"task", "list"},
            {"task", "create", "--command", "true"},
            {"models", "list"},
            {"--help"}
        };
        for (String[] args : runs) {
            run(trainingEnv, InputStream.nullInputStream(), sink, sink, args);
        }
    }
}
