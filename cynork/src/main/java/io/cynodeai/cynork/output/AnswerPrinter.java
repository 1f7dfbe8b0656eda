package io.cynodeai.cynork.output;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/** An answer as it arrives: each piece at once; each complete line drawn again, rendered, when it fits. */
public final class AnswerPrinter {
    private final PrintStream out;
    private final boolean render;
    private final int width;
    private final AtomicBoolean stopped;
    private final StringBuilder current = new StringBuilder();

    public AnswerPrinter(PrintStream out, boolean render, int width, AtomicBoolean stopped) {
        this.out = out;
        this.render = render;
        this.width = width;
        this.stopped = stopped;
    }

    public synchronized void piece(String text) {
        if (stopped.get()) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                redraw();
                out.print('\n');
                current.setLength(0);
            } else {
                out.print(c);
                current.append(c);
            }
        }
        out.flush();
    }

    public synchronized void end() {
        if (!current.isEmpty()) {
            redraw();
            out.println();
        }
        current.setLength(0);
        out.flush();
    }

    private void redraw() {
        if (render && current.length() < width) {
            out.print("\r\033[K" + Markdown.line(current.toString()));
        }
    }
}
