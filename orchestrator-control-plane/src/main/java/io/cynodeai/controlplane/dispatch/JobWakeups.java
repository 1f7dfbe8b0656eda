package io.cynodeai.controlplane.dispatch;

import io.cynodeai.serviceweb.PgChannelListener;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes the dispatcher at once when new work is queued ({@code LISTEN cynode_jobs}; the gateway
 * notifies in the transaction that creates a job) or when local capacity frees up. The listening
 * connection is reopened when it breaks (a PostgreSQL restart); polling covers the gap.
 */
@Component
class JobWakeups implements SmartLifecycle {
    static final String CHANNEL = "cynode_jobs";

    private final Semaphore signal = new Semaphore(0);
    private final PgChannelListener listener;
    private volatile Runnable onNotification = this::signal;

    JobWakeups(DataSource dataSource) {
        this.listener = new PgChannelListener(dataSource, CHANNEL, payload -> onNotification.run(), this::signal);
    }

    /** What a notification of new work runs, on the listening thread (default: wake the dispatcher). */
    void onNotification(Runnable action) {
        this.onNotification = action;
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

    @Override
    public void start() {
        listener.start();
    }

    @Override
    public void stop() {
        listener.stop();
    }

    @Override
    public boolean isRunning() {
        return listener.isRunning();
    }
}
