package io.cynodeai.nodemanager.supervisor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Runs worker-api as a child process and restarts it with backoff when it dies; its output goes
 * to its own log file. Secrets are passed as file paths, never on the command line or in the
 * environment.
 */
public final class WorkerSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);

    private final List<String> command;
    private final Map<String, String> env;
    private final Path logFile;
    private final String readyUrl;
    private final HealthProbe probe;
    private volatile Process process;
    private volatile boolean stopping;
    private Thread watcher;

    public WorkerSupervisor(List<String> command, Map<String, String> env, Path logFile, String readyUrl) {
        this(command, env, logFile, readyUrl, HealthProbe.plain());
    }

    /** @param probe how {@code readyUrl} is asked (pinned to the Worker API's certificate under https) */
    public WorkerSupervisor(
            List<String> command, Map<String, String> env, Path logFile, String readyUrl, HealthProbe probe) {
        this.command = command;
        this.env = env;
        this.logFile = logFile;
        this.readyUrl = readyUrl;
        this.probe = probe;
    }

    /** Starts the child and waits until its {@code /readyz} answers 200. */
    public void start(Duration wait) throws IOException, InterruptedException {
        spawn();
        watcher = Thread.ofPlatform().name("worker-api-supervisor").daemon().start(this::watch);
        awaitReady(wait);
    }

    public void awaitReady(Duration wait) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            if (ready()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException(
                "worker-api did not become ready within " + wait.toSeconds() + " s (see " + logFile + ")");
    }

    public boolean ready() {
        return probe.answers(readyUrl);
    }

    private synchronized void spawn() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        ChildEnvironment.apply(pb, env);
        process = pb.start();
        log.info("worker-api started (pid {})", process.pid());
    }

    /** Restarts after 0.5 s doubling to 30 s; a child that lived a minute starts the policy afresh. */
    private static final ExponentialBackOff RESTARTS = restartPolicy();

    private static ExponentialBackOff restartPolicy() {
        ExponentialBackOff policy = new ExponentialBackOff(500, 2.0);
        policy.setMaxInterval(30_000);
        return policy;
    }

    private void watch() {
        BackOffExecution backoff = RESTARTS.start();
        while (!stopping) {
            try {
                Process p = process;
                Instant started = Instant.now();
                int code = p.waitFor();
                if (stopping) {
                    return;
                }
                if (Duration.between(started, Instant.now()).compareTo(Duration.ofMinutes(1)) > 0) {
                    backoff = RESTARTS.start();
                }
                long wait = backoff.nextBackOff();
                log.warn("worker-api exited with {}; restarting in {} ms", code, wait);
                Thread.sleep(wait);
                if (!stopping) {
                    spawn();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                log.error("could not restart worker-api: {}", e.getMessage());
            }
        }
    }

    /** Stops the child (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** Stops the child: SIGTERM, then SIGKILL if it still runs after {@code grace}; once. */
    public void close(Duration grace) {
        stopping = true;
        if (watcher != null) {
            watcher.interrupt();
        }
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
