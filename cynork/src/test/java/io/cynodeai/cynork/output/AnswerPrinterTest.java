package io.cynodeai.cynork.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AnswerPrinterTest {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void piecesArePrintedAsTheyArriveAndACompleteLineIsDrawnAgainRendered() {
        AtomicBoolean stopped = new AtomicBoolean();
        AnswerPrinter p = new AnswerPrinter(out, true, 80, stopped);
        p.piece("a **bo");
        assertThat(shown()).as("before the line is complete").isEqualTo("a **bo");
        p.piece("ld** b\n# Title");
        assertThat(shown()).isEqualTo("a **bold** b\r\033[Ka \033[1mbold\033[22m b\n# Title");
        p.end();
        assertThat(shown()).endsWith("# Title\r\033[K\033[1mTitle\033[22m\n");
        stopped.set(true);
        p.piece("after a Ctrl-C");
        assertThat(shown()).doesNotContain("after");
    }

    @Test
    void plainOrTooWideLinesAreLeftAsTheyCame() {
        new AnswerPrinter(out, false, 80, new AtomicBoolean()).piece("**x**\n");
        new AnswerPrinter(out, true, 4, new AtomicBoolean()).piece("**wide**\n");
        assertThat(shown()).isEqualTo("**x**\n**wide**\n");
    }

    @Test
    void markdownMarksBoldCodeHeadingsAndBullets() {
        assertThat(Markdown.line("- use `ls` **now**")).isEqualTo("• use \033[36mls\033[39m \033[1mnow\033[22m");
        assertThat(Markdown.line("## Steps")).isEqualTo("\033[1mSteps\033[22m");
        assertThat(Markdown.line("plain $1 text")).isEqualTo("plain $1 text");
    }
}
