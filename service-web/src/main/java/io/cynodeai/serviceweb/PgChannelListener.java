package io.cynodeai.serviceweb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one PostgreSQL notification channel over a connection of its own, and reopens it
 * when it breaks (a database restart). Whoever uses it must tolerate missed notifications:
 * {@code onConnected} runs on every (re)connect, so they can re-read what they wait for.
 */
public final class PgChannelListener {
    private static final Logger log = LoggerFactory.getLogger(PgChannelListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final String channel;
    private final Consumer<String> onPayload;
    private final Runnable onConnected;
    private volatile boolean running;
    private Thread thread;

    public PgChannelListener(DataSource dataSource, String channel, Consumer<String> onPayload, Runnable onConnected) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.onPayload = onPayload;
        this.onConnected = onConnected;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("listen-" + channel).daemon().start(this::listen);
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

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
                onConnected.run();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        for (PGNotification n : notifications) {
                            onPayload.accept(n.getParameter());
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
