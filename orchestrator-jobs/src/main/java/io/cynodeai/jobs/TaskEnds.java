package io.cynodeai.jobs;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Lets a request wait for a task to end without polling: the database notifies
 * {@code cynode_task_ends} (a trigger on the tasks table) whenever a task's status becomes
 * terminal, whoever ended it. {@link #events} waits on the task's live events the same way. After a reconnect every waiter re-reads, so a notification missed
 * while the database was away costs a read, not a hang.
 */
public class TaskEnds extends PgChannelListener {
    /** Notified by the {@code tasks_ended} trigger (migration V2) with the task's id. */
    static final String CHANNEL = "cynode_task_ends";

    /** Waits for a task's next live event instead (channel {@link TaskEvents#CHANNEL}, migration V6). */
    public static TaskEnds events(DataSource dataSource) {
        return new TaskEnds(dataSource, TaskEvents.CHANNEL);
    }

    private final ConcurrentHashMap<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    public TaskEnds(DataSource dataSource) {
        this(dataSource, CHANNEL);
    }

    private TaskEnds(DataSource dataSource, String channel) {
        super(dataSource, channel);
    }

    /**
     * Reads the task until {@code ended} holds for what was read or {@code wait} has passed.
     *
     * @return the last read
     */
    public <T> T await(UUID taskId, Duration wait, Supplier<T> read, Predicate<T> ended) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            CompletableFuture<Void> woken = new CompletableFuture<>();
            waiting.compute(taskId, (id, set) -> {
                Set<CompletableFuture<Void>> s = set == null ? new HashSet<>() : set;
                s.add(woken);
                return s;
            });
            try {
                T value = read.get();
                long left = deadline - System.nanoTime();
                if (ended.test(value) || left <= 0) {
                    return value;
                }
                woken.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return read.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                waiting.computeIfPresent(taskId, (id, set) -> {
                    set.remove(woken);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }

    @Override
    protected void onNotification(String payload) {
        UUID taskId;
        try {
            taskId = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            return;
        }
        Set<CompletableFuture<Void>> set = waiting.remove(taskId);
        if (set != null) {
            set.forEach(f -> f.complete(null));
        }
    }

    @Override
    protected void onConnected() {
        waiting.keySet().forEach(id -> onNotification(id.toString()));
    }
}
