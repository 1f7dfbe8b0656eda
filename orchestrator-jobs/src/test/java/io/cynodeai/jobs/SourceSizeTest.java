package io.cynodeai.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Named roles, not god classes: no main source file of any module is over 250 lines. */
class SourceSizeTest {
    static final int MAX_LINES = 250;

    @Test
    void noMainSourceFileIsOver250Lines() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<String> over;
        try (Stream<Path> files = Files.walk(repo, 12)) {
            over = files.filter(
                            p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
                    .filter(p -> lines(p) > MAX_LINES)
                    .map(p -> repo.relativize(p) + " (" + lines(p) + ")")
                    .toList();
        }
        assertThat(over).isEmpty();
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
