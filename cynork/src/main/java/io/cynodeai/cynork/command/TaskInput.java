package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of {@code task create}: exactly one of the prompt, task file, script, commands and
 * commands file; each file a regular file (not a directory, not a symlink) within the limits of
 * tasks.md, checked before any request (exit 2).
 */
final class TaskInput {
    static final long TASK_FILE_MAX = 1 << 20;
    static final long SCRIPT_MAX = 256 << 10;
    static final long COMMANDS_FILE_MAX = 64 << 10;
    static final long ATTACHMENT_MAX = 10 << 20;
    static final int ATTACHMENTS_MAX = 16;

    private TaskInput() {}

    /** The create request's input fields. */
    static Map<String, Object> of(
            String prompt, String task, String taskFile, String script, List<String> commands, String commandsFile) {
        int given = count(prompt, task, taskFile, script, commandsFile) + (commands.isEmpty() ? 0 : 1);
        if (given != 1) {
            throw CliFailure.usage((given == 0 ? "no input" : "more than one input")
                    + ": give exactly one of -p/--prompt, -t/--task, -f/--task-file, -s/--script,"
                    + " --command, --commands-file");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (prompt != null || task != null || taskFile != null) {
            body.put("input_mode", "prompt");
            body.put(
                    "prompt",
                    taskFile != null ? read(taskFile, TASK_FILE_MAX, "task file") : prompt != null ? prompt : task);
        } else if (script != null) {
            body.put("input_mode", "script");
            body.put("script", read(script, SCRIPT_MAX, "script"));
        } else {
            List<String> lines = new ArrayList<>(commands);
            if (commandsFile != null) {
                read(commandsFile, COMMANDS_FILE_MAX, "commands file")
                        .lines()
                        .filter(l -> !l.isBlank())
                        .forEach(lines::add);
                if (lines.isEmpty()) {
                    throw CliFailure.usage("the commands file " + commandsFile + " has no command");
                }
            }
            body.put("input_mode", "commands");
            body.put("commands", lines);
        }
        return body;
    }

    /** Checks an attachment as the others (a regular file within 10 MiB, readable); where it is. */
    static Path attachment(String path) {
        Path p = regular(path, ATTACHMENT_MAX, "attachment");
        if (!Files.isReadable(p)) {
            throw CliFailure.usage("cannot read the attachment " + path);
        }
        return p;
    }

    private static String read(String path, long max, String what) {
        Path p = regular(path, max, what);
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the " + what + " " + path + " as UTF-8 text");
        }
    }

    private static Path regular(String path, long max, String what) {
        Path p = Path.of(path);
        if (Files.isSymbolicLink(p)) {
            throw CliFailure.usage("the " + what + " " + path + " is a symbolic link; give the file itself");
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw CliFailure.usage("the " + what + " " + path + " is a directory");
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw CliFailure.usage("the " + what + " " + path + " does not exist or is not a regular file");
        }
        try {
            long size = Files.size(p);
            if (size > max) {
                throw CliFailure.usage(
                        "the " + what + " " + path + " is " + size + " bytes; the limit is " + (max >> 10) + " KiB");
            }
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the " + what + " " + path);
        }
        return p;
    }

    private static int count(String... values) {
        int n = 0;
        for (String v : values) {
            if (v != null) {
                n++;
            }
        }
        return n;
    }
}
