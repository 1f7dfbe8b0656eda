package io.cynodeai.controlplane.dispatch;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(JobWakeups.class);

    private final DataSource dataSource;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread listener;

    JobWakeups(DataSource dataSource) {
        this.dataSource = dataSource;
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
        running = true;
        listener = Thread.ofPlatform().name("job-wakeups").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement st = connection.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                signal();
                while (running) {
                    var notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        signal();
                    } else if (!connection.isValid(1)) {
                        break;
                    }
                }
            } catch (SQLException e) {
                log.warn("job notifications unavailable, polling until the database answers: {}", e.getMessage());
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
