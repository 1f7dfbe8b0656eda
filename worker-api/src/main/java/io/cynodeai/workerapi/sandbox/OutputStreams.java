package io.cynodeai.workerapi.sandbox;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job's stdout and stderr from docker-java's attach, into bounded buffers. The attach is
 * established ({@link #awaitAttached}) before the container starts, so no output is lost; a job
 * that prints more than {@code readLimit} is cut off ({@link #flooded()}): relaying a flood costs
 * the node CPU (engine, conmon, this process) that no sandbox quota bounds.
 */
final class OutputStreams extends ResultCallback.Adapter<Frame> {
    private final BoundedOutput stdout;
    private final BoundedOutput stderr;
    private final long readLimit;
    private final AtomicLong read = new AtomicLong();
    private final CountDownLatch attached = new CountDownLatch(1);
    private volatile boolean flooded;

    OutputStreams(BoundedOutput stdout, BoundedOutput stderr, long readLimit) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.readLimit = readLimit;
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        attached.countDown();
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(payload);
        if (read.addAndGet(payload.length) > readLimit && !flooded) {
            flooded = true;
            try {
                close();
            } catch (IOException ignored) {
                // the stream ends either way
            }
        }
    }

    /** @return false when the engine did not answer the attach in time */
    boolean awaitAttached(long timeout, TimeUnit unit) throws InterruptedException {
        return attached.await(timeout, unit);
    }

    /** @return false when the stream has not ended by then */
    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return awaitCompletion(timeout, unit);
    }

    boolean flooded() {
        return flooded;
    }
}
