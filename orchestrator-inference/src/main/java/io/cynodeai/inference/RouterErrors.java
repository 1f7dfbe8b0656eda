package io.cynodeai.inference;

import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import io.cynodeai.inference.InferenceFailure.Kind;
import java.time.Duration;
import java.time.Instant;

/** {@link ChatRouter}'s failures in words that carry no address or credential. */
final class RouterErrors {
    private RouterErrors() {}

    static InferenceFailure failure(RuntimeException e, Instant start, String what, Duration total) {
        if (e instanceof InferenceFailure f) {
            return f;
        }
        if (Duration.between(start, Instant.now()).compareTo(total) >= 0) {
            return new InferenceFailure(Kind.TIMEOUT, "the model did not finish within " + total);
        }
        if (e instanceof NotFoundException) {
            return new InferenceFailure(Kind.MODEL_NOT_FOUND, "the model is not available on any path now");
        }
        return new InferenceFailure(Kind.BACKEND, what + " (" + kind(e) + ")");
    }

    /** A backend failure's kind, in words that carry no address or credential. */
    static String kind(RuntimeException e) {
        return e instanceof OpenAIServiceException s
                ? "status " + s.statusCode()
                : e.getClass().getSimpleName();
    }

    static String message(OpenAIServiceException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceFailure(Kind.BACKEND, "interrupted");
        }
    }
}
