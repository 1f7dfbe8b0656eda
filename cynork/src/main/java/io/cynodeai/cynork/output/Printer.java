package io.cynodeai.cynork.output;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The two output formats of cli.md: {@code json} prints exactly one pretty-printed JSON value on
 * stdout; {@code table} one line per record of {@code key=value} pairs, values quoted when they
 * hold a space, a quote or a control character. Hints and errors go to stderr.
 */
public final class Printer {
    private final boolean json;
    private final boolean quiet;
    private final PrintStream out;
    private final PrintStream err;

    public Printer(boolean json, boolean quiet, PrintStream out, PrintStream err) {
        this.json = json;
        this.quiet = quiet;
        this.out = out;
        this.err = err;
    }

    public boolean json() {
        return json;
    }

    public PrintStream out() {
        return out;
    }

    /** Prints {@code value} in JSON mode, else {@code table} (records of key=value pairs). */
    public void print(Object value, List<Map<String, Object>> table) {
        if (json) {
            out.println(Json.pretty(value));
        } else {
            table.forEach(record -> out.println(line(record)));
        }
        out.flush();
    }

    /** {@code value} in JSON mode, else {@code text} as it is. */
    public void printOr(Object value, String text) {
        out.println(json ? Json.pretty(value) : text);
        out.flush();
    }

    /** A value as JSON, or one line of pairs. */
    public void record(Object value, Map<String, Object> pairs) {
        print(value, List.of(pairs));
    }

    /** A hint for a person (stderr), unless quiet. */
    public void hint(String text) {
        if (!quiet) {
            err.println(text);
        }
    }

    public static String line(Map<String, ?> pairs) {
        StringBuilder b = new StringBuilder();
        pairs.forEach((key, v) -> {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(key).append('=').append(value(v));
        });
        return b.toString();
    }

    static String value(Object v) {
        if (v == null) {
            return "";
        }
        String s = v instanceof Map || v instanceof List ? Json.write(v) : v.toString();
        return needsQuotes(s) ? quote(s) : s;
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty()) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '\\' || c == '=' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
