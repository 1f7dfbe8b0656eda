package io.cynodeai.gateway.chat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Where exchanges are stored once their answer has gone out: virtual threads, drained (for a
 * while) at shutdown so a graceful stop loses none.
 */
@Component
class ChatRecorder implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ChatRecorder.class);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ExecutorService executor() {
        return executor;
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("chat exchanges still being stored at shutdown were given up");
        }
    }
}
