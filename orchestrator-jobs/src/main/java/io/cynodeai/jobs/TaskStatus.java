package io.cynodeai.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A task's status, as stored and as the API shows it (the {@code tasks_status_known} constraint). */
public enum TaskStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELED,
    /** Replaced by a newer task (reserved by tasks.md). */
    SUPERSEDED;

    /** The statuses a task never leaves. */
    public static final Set<TaskStatus> ENDED = Set.of(COMPLETED, FAILED, CANCELED, SUPERSEDED);

    /** The stored and wire form: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean ended() {
        return ENDED.contains(this);
    }

    /** The status of that wire form; empty for anything else (a client's bad filter). */
    public static Optional<TaskStatus> parse(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }

    /** The wire forms, in declaration order (for a client's error message). */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(TaskStatus::wire).toList();
    }

    public static TaskStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** The wire forms of {@code statuses}, for a SQL {@code = any(?)}. */
    static String[] wire(Set<TaskStatus> statuses) {
        return statuses.stream().map(TaskStatus::wire).sorted().toArray(String[]::new);
    }
}
