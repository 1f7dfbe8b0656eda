package io.cynodeai.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only this module writes the task and job tables: no main source of another module holds SQL
 * that inserts, updates or deletes them (ArchUnit sees classes, not the SQL in their strings).
 */
class LifecycleOwnershipTest {
    private static final Pattern WRITE =
            Pattern.compile("(?i)\\b(insert\\s+into|update|delete\\s+from)\\s+(tasks|jobs|task_events)\\b");

    @Test
    void noOtherModuleWritesTheTaskOrJobTables() throws IOException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(repo, 12)) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/"))
                    .filter(p -> !p.startsWith(repo.resolve("orchestrator-jobs")))
                    .toList();
        }
        assertThat(sources).as("the other modules' sources were found").isNotEmpty();
        List<String> writers = sources.stream()
                .filter(p -> WRITE.matcher(read(p)).find())
                .map(p -> repo.relativize(p).toString())
                .toList();
        assertThat(writers).isEmpty();
    }

    @Test
    void thePatternFindsAWrite() {
        assertThat(WRITE.matcher("jdbc.sql(\"update jobs set status = 'x'\")").find())
                .isTrue();
        assertThat(WRITE.matcher("insert into node_configs").find()).isFalse();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
