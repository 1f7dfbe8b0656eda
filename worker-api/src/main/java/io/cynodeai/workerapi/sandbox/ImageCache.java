package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Whether a job's image is on the node: an image seen in the last 30 s is not looked up again
 * for each job; a missing one is pulled (where the node's registry allows) once.
 */
@Component
class ImageCache {
    static final Duration SEEN_FOR = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final Clock clock;
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();

    ImageCache(Engine engine, Clock clock) {
        this.docker = engine.docker();
        this.clock = clock;
    }

    /** Saves the engine a look-up per job: an image seen moments ago is assumed still there. */
    boolean recentlySeen(String image) {
        Instant at = seen.get(image);
        return at != null && at.isAfter(Instant.now(clock).minus(SEEN_FOR));
    }

    /** The image was found gone since it was seen (a create failed): look again next time. */
    void forget(String image) {
        seen.remove(image);
    }

    /**
     * Makes sure the image is on the node, pulling it when it is not.
     *
     * @return false when it cannot be had; the reason is written to {@code err}
     */
    boolean ensure(String image, BoundedOutput err) {
        if (exists(image)) {
            seen.put(image, Instant.now(clock));
            return true;
        }
        // Podman's pull stream does not fit docker-java's own pull callback: read it ourselves.
        var pull = new ResultCallback.Adapter<PullResponseItem>() {
            volatile String error;

            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                    error = item.getErrorDetail().getMessage();
                } else if (item.getError() != null) {
                    error = item.getError();
                }
            }

            @Override
            public void onError(Throwable t) {
                error = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                super.onError(t);
            }
        };
        try {
            docker.pullImageCmd(image).exec(pull);
            boolean done = pull.awaitCompletion(120, TimeUnit.SECONDS);
            if (done && pull.error == null && exists(image)) {
                seen.put(image, Instant.now(clock));
                return true;
            }
            String why = !done ? "pulling it timed out" : "it could not be pulled: " + Containers.reason(pull.error);
            write(err, "[cynode] image " + image + " is not on this node and " + why + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(err, "[cynode] image " + image + " is not on this node; its pull was interrupted\n");
        } catch (RuntimeException e) {
            write(
                    err,
                    "[cynode] image " + image + " is not on this node and could not be pulled: " + Containers.reason(e)
                            + "\n");
        }
        return false;
    }

    private boolean exists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void write(BoundedOutput err, String text) {
        err.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
