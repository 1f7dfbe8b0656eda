package io.cynodeai.workerapi.sandbox;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Lets a running job be canceled: remembers its container so a cancel can kill it. */
public final class CancelHandle {
    private final AtomicBoolean canceled = new AtomicBoolean();
    private final AtomicReference<Runnable> killer = new AtomicReference<>();

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
