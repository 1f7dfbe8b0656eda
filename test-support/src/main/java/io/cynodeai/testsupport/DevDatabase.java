package io.cynodeai.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the throwaway local PostgreSQL of {@code just up}: a real server from the embedded
 * binaries, its data under {@code $CYNODE_STATE_DIR/pgdata}, on {@code CYNODE_DB_PORT}
 * (default 5432). Prints {@code ready <jdbc-url>} once it accepts connections.
 */
public final class DevDatabase {
    private DevDatabase() {}

    public static void main(String[] args) throws Exception {
        Path state = Path.of(System.getenv().getOrDefault("CYNODE_STATE_DIR", ".cynode"));
        int port = Integer.parseInt(System.getenv().getOrDefault("CYNODE_DB_PORT", "5432"));
        Path data = state.resolve("pgdata").toAbsolutePath();
        Files.createDirectories(data.getParent());
        var pg = EmbeddedDatabase.start(port, data);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
            stopped.countDown();
        }));
        System.out.println("ready " + EmbeddedDatabase.jdbcUrl(pg));
        System.out.flush();
        stopped.await();
    }
}
