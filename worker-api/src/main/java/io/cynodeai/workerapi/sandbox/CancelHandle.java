package io.cynodeai.workerapi.sandbox;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Lets a running job be canceled: remembers its container so a cancel can kill it. */
public final class CancelHandle {
    private final AtomicBoolean canceled = new AtomicBoolean();
    private final AtomicReference<Runnable> killer = new AtomicReference<>();
    private volatile String reason = "the job was canceled";

    /** Stops the job for a reason of the node's own; the job ends failed with that reason. */
    void stop(String why) {
        reason = why;
        cancel();
    }

    String reason() {
        return reason;
    }

    public void cancel() {
        canceled.set(true);
        Runnable k = killer.get();
        if (k != null) {
            k.run();
        }
    }

    boolean canceled() {
        return canceled.get();
    }

    void onCancel(Runnable kill) {
        killer.set(kill);
        if (canceled.get()) {
            kill.run();
        }
    }
}
