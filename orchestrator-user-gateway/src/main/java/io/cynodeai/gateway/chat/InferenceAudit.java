package io.cynodeai.gateway.chat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Every model request counted and timed in metrics ({@code cynode.inference.requests}, by outcome,
 * path and streaming); its audit record (user, model, path, tokens, duration, outcome, redaction
 * kinds, never values) is written with its messages ({@link Threads#record}).
 */
@Component
class InferenceAudit {
    private final MeterRegistry meters;

    InferenceAudit(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(String outcome, String path, boolean stream, Duration took) {
        Timer.builder("cynode.inference.requests")
                .description("model requests through the gateway")
                .tag("outcome", outcome)
                .tag("path", path == null ? "none" : path)
                .tag("stream", Boolean.toString(stream))
                .register(meters)
                .record(took);
    }
}
