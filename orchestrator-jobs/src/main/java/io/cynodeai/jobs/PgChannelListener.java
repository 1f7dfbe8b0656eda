package io.cynodeai.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Listens on one PostgreSQL notification channel over a connection of its own, and reopens it
 * when it breaks (a database restart). A subclass must tolerate missed notifications:
 * {@link #onConnected()} runs on every (re)connect, so it can re-read what it waits for.
 *
 * <p>Hand-written because neither Spring nor the driver offers a LISTEN loop that survives a
 * restart; Spring Integration's PostgresSubscribableChannel would bring a whole framework for it.
 */
public abstract class PgChannelListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PgChannelListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final String channel;
    private volatile boolean running;
    private Thread thread;

    protected PgChannelListener(DataSource dataSource, String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.dataSource = dataSource;
        this.channel = channel;
    }

    /** Runs on the listening thread for each notification's payload. */
    protected abstract void onNotification(String payload);

    /** Runs on the listening thread after every (re)connect. */
    protected abstract void onConnected();

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("listen-" + channel).daemon().start(this::listen);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
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
                    st.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                onConnected();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        for (PGNotification n : notifications) {
                            onNotification(n.getParameter());
                        }
                    } else if (!connection.isValid(1)) {
                        break;
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("notifications on {} unavailable, retrying: {}", channel, e.getMessage());
                    sleep();
                }
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT_AFTER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
