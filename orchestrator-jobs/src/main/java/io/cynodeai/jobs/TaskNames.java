package io.cynodeai.jobs;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Task names (tasks.md §2): what a user suggests, normalised to lower case {@code a-z0-9} words
 * joined by single {@code -}, at most {@value #MAX} characters. Uniqueness per user is the
 * lifecycle's ({@link JobLifecycle#enqueue}): a taken name gets {@code -2}, {@code -3}, … appended.
 */
public final class TaskNames {
    public static final int MAX = 64;

    /**
     * The name a new task of {@code :owner} gets, as SQL: {@code task-<n>} from a sequence when
     * {@code :name} (normalised) is null; else {@code :name} if free; else {@code :name-<k>}, one
     * past the highest such suffix taken. Two requests racing for one name: the second fails on
     * the unique constraint and picks again.
     */
    static final String PICK = """
            case when cast(:name as text) is null then 'task-' || nextval('task_numbers')
                 when not exists (select 1 from tasks where owner_id = :owner and task_name = :name) then :name
                 else :name || '-' || (select coalesce(max(substring(task_name from char_length(:name) + 2)::bigint), 1) + 1
                      from tasks where owner_id = :owner and task_name like :name || '-%'
                       and substring(task_name from char_length(:name) + 2) ~ '^[0-9]{1,18}$') end""";

    /** How often {@link JobLifecycle#enqueue} picks a name again after losing a race for one. */
    static final int ATTEMPTS = 5;

    private static final Pattern OTHER = Pattern.compile("[^a-z0-9]+");

    private TaskNames() {}

    /** The normalised name; empty when nothing of the suggestion is left. */
    public static Optional<String> normalise(String suggested) {
        String name = OTHER.matcher(suggested.toLowerCase(Locale.ROOT)).replaceAll("-");
        name = trim(name);
        if (name.length() > MAX) {
            name = trim(name.substring(0, MAX));
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    private static String trim(String name) {
        int start = 0;
        int end = name.length();
        while (start < end && name.charAt(start) == '-') {
            start++;
        }
        while (end > start && name.charAt(end - 1) == '-') {
            end--;
        }
        return name.substring(start, end);
    }
}
