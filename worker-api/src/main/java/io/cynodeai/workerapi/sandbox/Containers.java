package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What is done to a sandbox container once it exists: wait for its exit code, kill it, remove it. */
@Component
class Containers {
    private static final Logger log = LoggerFactory.getLogger(Containers.class);

    private final DockerClient docker;

    Containers(Engine engine) {
        this.docker = engine.docker();
    }

    /**
     * The job's exit code, read only once the engine says the container no longer runs. Read at
     * once when the output ended, it came back 0 for a non-zero exit now and then under CPU load;
     * and a job can close its output and go on running.
     *
     * @return empty when the container still runs at {@code deadline} ({@link System#nanoTime()})
     */
    Optional<Integer> exitCode(String id, long deadline) throws InterruptedException {
        long pauseMillis = 1;
        while (true) {
            var state = docker.inspectContainerCmd(id).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                Long code = state.getExitCodeLong();
                return Optional.of(code == null ? -1 : code.intValue());
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    /**
     * How a job whose output ended finished: its exit code, or, when it still runs at {@code
     * deadline}, killed and timed out.
     */
    SandboxOutcome end(String id, long deadline, BoundedOutput out, BoundedOutput err, Instant started)
            throws InterruptedException {
        Optional<Integer> code = exitCode(id, deadline);
        if (code.isEmpty()) {
            kill(id);
            return SandboxOutcome.of(SandboxOutcome.Kind.TIMED_OUT, null, out, err, started);
        }
        return SandboxOutcome.of(SandboxOutcome.Kind.EXITED, code.get(), out, err, started);
    }

    void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    /**
     * Removes a container. Podman now and then refuses a forced remove of one that is just
     * stopping ("container state improper"): tried up to three times, 200 ms apart, before it is
     * left to the next start's leftover sweep.
     */
    void remove(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                docker.removeContainerCmd(id)
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec();
                return;
            } catch (NotFoundException ignored) {
                return; // already removed
            } catch (InternalServerErrorException e) {
                if (attempt == 3 || !pause()) {
                    log.warn("could not remove sandbox container {}: {}", id, e.getMessage());
                    return;
                }
            } catch (RuntimeException e) {
                log.warn("could not remove sandbox container {}: {}", id, e.getMessage());
                return;
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A failure's message as a job's stderr may show it: stripped, at most 300 characters. */
    static String reason(String message) {
        if (message == null) {
            return "no reason given";
        }
        String m = message.strip();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    static String reason(RuntimeException e) {
        return reason(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
