package io.cynodeai.controlplane.dispatch;

import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.PgChannelListener;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Wakes the dispatcher at once when new work is queued ({@code LISTEN cynode_jobs}; the
 * lifecycle notifies in the transaction that queues a job) or when local capacity frees up. The
 * listening connection is reopened when it breaks (a PostgreSQL restart); polling covers the gap.
 */
@Component
class JobWakeups extends PgChannelListener {
    private final Semaphore signal = new Semaphore(0);
    private volatile Runnable onNotification = this::signal;

    JobWakeups(DataSource dataSource) {
        super(dataSource, JobLifecycle.NEW_JOBS_CHANNEL);
    }

    /** What a notification of new work runs, on the listening thread (default: wake the dispatcher). */
    void onNotification(Runnable action) {
        this.onNotification = action;
    }

    @Override
    protected void onNotification(String payload) {
        onNotification.run();
    }

    @Override
    protected void onConnected() {
        signal();
    }

    void signal() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Wakes the dispatcher when a job given back for a retry becomes due. */
    void signalAfter(Duration delay) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(delay.toMillis() + 5);
                signal();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Waits for a wake-up or the poll interval, whichever comes first. */
    void await(Duration poll) throws InterruptedException {
        signal.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
        signal.drainPermits();
    }
}
