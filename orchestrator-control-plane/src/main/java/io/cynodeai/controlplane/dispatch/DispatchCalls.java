package io.cynodeai.controlplane.dispatch;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The virtual threads that calls to workers run on; stopped (and waited for, briefly) at shutdown. */
@Component
class DispatchCalls implements DisposableBean {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ExecutorService executor() {
        return executor;
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
