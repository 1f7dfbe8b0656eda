package io.cynodeai.cynork;

/** A command ends with this exit code and one line on stderr (never a stack trace, never a secret). */
public class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CliFailure usage(String message) {
        return new CliFailure(Exit.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
