package io.cynodeai.inference;

import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cynodeai.inference.InferenceFailure.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a chat request to a path that serves its model: the least loaded node first, the external
 * provider last. A failure before any output went to the caller is tried again on the next path
 * (at most {@code retries} more, with doubling backoff); once output started it is not, and the
 * failure reaches the caller. Failures come out as {@link InferenceFailure}s that name no address
 * or credential.
 */
public class ChatRouter {
    private static final Logger log = LoggerFactory.getLogger(ChatRouter.class);

    private final InferencePaths paths;
    private final ChatClients clients;
    private final InferenceSettings settings;

    public ChatRouter(InferencePaths paths, ChatClients clients, InferenceSettings settings) {
        this.paths = paths;
        this.clients = clients;
        this.settings = settings;
    }

    /** What answered, with the answer. */
    public record Routed<T>(T value, InferencePath path) {}

    /** Thrown by a stream's consumer when its own caller went away: not a backend failure, never retried. */
    public static final class CallerGone extends RuntimeException {
        public CallerGone(Throwable cause) {
            super("the caller went away", cause, false, false);
        }
    }

    public Routed<ChatCompletion> complete(ChatCompletionCreateParams params) {
        Instant start = Instant.now();
        return attempt(
                params,
                start,
                path -> new Routed<>(clients.client(path).chat().completions().create(params), path));
    }

    /**
     * The whole answer as the backend wrote it (a {@code chat.completion} JSON document), for a
     * caller that relays it: the SDK makes the request and maps error statuses; the body is not
     * parsed into typed objects and written again.
     */
    public Routed<byte[]> completeRaw(ChatCompletionCreateParams params) {
        Instant start = Instant.now();
        return attempt(params, start, path -> {
            try (HttpResponseFor<ChatCompletion> raw =
                    clients.client(path).chat().completions().withRawResponse().create(params)) {
                if (raw.statusCode() / 100 != 2) {
                    raw.parse(); // throws the SDK's exception for the status
                }
                return new Routed<>(raw.body().readAllBytes(), path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Streams the answer to {@code sink} event by event as the backend produces them: each SSE
     * {@code data} payload verbatim (a {@code chat.completion.chunk}, or the backend's own error
     * event), {@code [DONE]} excluded. The SDK makes the request (URL, key, body, status errors);
     * its events are relayed as they came rather than parsed into typed chunks and written again,
     * which cost the gateway most of its CPU per token. SSE framing is lines: {@code data: …}.
     *
     * @return the path that answered, with the number of events sent
     */
    public Routed<Integer> stream(ChatCompletionCreateParams params, Consumer<String> sink) {
        Instant start = Instant.now();
        int[] sent = {0};
        try {
            return attempt(params, start, path -> {
                try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = clients.client(path)
                        .chat()
                        .completions()
                        .withRawResponse()
                        .createStreaming(params)) {
                    if (raw.statusCode() / 100 != 2) {
                        raw.parse(); // throws the SDK's exception for the status
                    }
                    BufferedReader lines =
                            new BufferedReader(new InputStreamReader(raw.body(), StandardCharsets.UTF_8));
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (!line.startsWith("data:")) {
                            continue;
                        }
                        String data = line.substring(5).strip();
                        if (data.equals("[DONE]")) {
                            break;
                        }
                        sink.accept(data);
                        sent[0]++;
                    }
                } catch (CallerGone e) {
                    throw e;
                } catch (IOException e) {
                    throw sent[0] > 0 ? new Started(new UncheckedIOException(e)) : new UncheckedIOException(e);
                } catch (RuntimeException e) {
                    throw sent[0] > 0 ? new Started(e) : e;
                }
                return new Routed<>(sent[0], path);
            });
        } catch (Started e) {
            throw failure(e.cause, start, "the model's answer broke off");
        }
    }

    /**
     * Streams the answer, handing each piece of its text to {@code text} as it arrives, and
     * returns the whole completion, tool calls included, as the SDK's {@link
     * ChatCompletionAccumulator} puts the chunks together: for a caller that acts on the answer
     * (the acting model) rather than relaying it.
     */
    public Routed<ChatCompletion> streamAccumulated(ChatCompletionCreateParams params, Consumer<String> text) {
        Instant start = Instant.now();
        boolean[] began = {false};
        try {
            return attempt(params, start, path -> {
                ChatCompletionAccumulator whole = ChatCompletionAccumulator.create();
                try (StreamResponse<ChatCompletionChunk> chunks =
                        clients.client(path).chat().completions().createStreaming(params)) {
                    chunks.stream().forEach(chunk -> {
                        whole.accumulate(chunk);
                        chunk.choices().stream()
                                .flatMap(c -> c.delta().content().stream())
                                .filter(t -> !t.isEmpty())
                                .forEach(t -> {
                                    began[0] = true;
                                    text.accept(t);
                                });
                    });
                } catch (CallerGone e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw began[0] ? new Started(e) : e;
                }
                return new Routed<>(whole.chatCompletion(), path);
            });
        } catch (Started e) {
            throw failure(e.cause, start, "the model's answer broke off");
        }
    }

    private interface Call<T> {
        Routed<T> run(InferencePath path);
    }

    /** A failure after output began: not retried. */
    private static final class Started extends RuntimeException {
        final RuntimeException cause;

        Started(RuntimeException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }

    private <T> Routed<T> attempt(ChatCompletionCreateParams params, Instant start, Call<T> call) {
        String model = params.model().asString();
        List<InferencePath> candidates = paths.serving(model);
        if (candidates.isEmpty()) {
            throw paths.any()
                    ? new InferenceFailure(Kind.MODEL_NOT_FOUND, "The model '" + model + "' does not exist")
                    : new InferenceFailure(Kind.NO_PATH, "no inference path can answer now");
        }
        RuntimeException last = null;
        Duration wait = settings.retryBackoff();
        for (int i = 0; i <= settings.retries(); i++) {
            InferencePath path = candidates.get(i % candidates.size());
            if (i > 0) {
                RouterErrors.sleep(wait);
                wait = wait.multipliedBy(2);
            }
            try (AutoCloseable counted = paths.begin(path)) {
                return call.run(path);
            } catch (CallerGone e) {
                throw e;
            } catch (BadRequestException | UnprocessableEntityException e) {
                throw new InferenceFailure(
                        Kind.INVALID_REQUEST, "the model refused the request: " + RouterErrors.message(e));
            } catch (RuntimeException e) {
                if (e instanceof Started) {
                    throw e;
                }
                last = e;
                log.warn(
                        "inference on {} failed ({}); {}",
                        path.name(),
                        RouterErrors.kind(e),
                        i < settings.retries() ? "retrying" : "giving up");
                if (Duration.between(start, Instant.now()).compareTo(settings.totalTimeout()) >= 0) {
                    break;
                }
                paths.refresh();
            } catch (Exception e) {
                throw new IllegalStateException(e); // closing the in-flight count throws nothing
            }
        }
        throw failure(last, start, "no inference path could answer");
    }

    private InferenceFailure failure(RuntimeException e, Instant start, String what) {
        return RouterErrors.failure(e, start, what, settings.totalTimeout());
    }
}
