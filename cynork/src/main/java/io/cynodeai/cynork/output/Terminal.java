package io.cynodeai.cynork.output;

import java.io.Console;

/** Whether a person sits at this process's terminal. */
public final class Terminal {
    private Terminal() {}

    /**
     * True when stdin and stdout are a terminal. On Java 22 and later {@code System.console()} may
     * exist without one, and {@code Console.isTerminal()} (not in the Java 21 API the build
     * targets) says so; on 21 the console exists only with a terminal.
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
