package io.cynodeai.cynork.output;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown for a terminal, one line at a time (answers arrive in pieces, and a line is drawn
 * again, rendered, once it is complete): headings and {@code **bold**} bold, {@code `code`} in
 * cyan, list bullets as {@code •}, fences dimmed. Only ANSI styles; nothing is reflowed.
 */
public final class Markdown {
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*]\\s+(.*)$");

    private Markdown() {}

    public static String line(String text) {
        if (text.startsWith("```")) {
            return "\033[2m" + text + "\033[22m";
        }
        Matcher h = HEADING.matcher(text);
        if (h.matches()) {
            return "\033[1m" + h.group(2) + "\033[22m";
        }
        Matcher b = BULLET.matcher(text);
        String body = b.matches() ? b.group(1) + "• " + b.group(2) : text;
        body = CODE.matcher(body).replaceAll(m -> Matcher.quoteReplacement("\033[36m" + m.group(1) + "\033[39m"));
        return BOLD.matcher(body).replaceAll(m -> Matcher.quoteReplacement("\033[1m" + m.group(1) + "\033[22m"));
    }
}
