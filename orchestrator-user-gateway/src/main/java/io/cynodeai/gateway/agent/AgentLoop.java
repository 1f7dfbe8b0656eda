package io.cynodeai.gateway.agent;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.inference.ChatRouter;
import io.cynodeai.inference.InferenceFailure;
import io.cynodeai.inference.InferencePaths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * {@code cynodeai.pm} (inference.md §6): the conversation and the tools go to the agent's model;
 * the tool calls it answers with are run as the chatting user ({@link AgentTools}) and their
 * results given back; again, until it answers without calling a tool, at most {@code max-steps}
 * model calls and {@code time-limit} in all (then it answers with what it has). What the person
 * sees comes out as it happens: each tool's progress line ({@code > ran: make test (exit 0)}),
 * then the answer as the model writes it. Each step is one streamed model request, put together
 * by the OpenAI SDK (its tool calls included), through the same router as every chat.
 */
@Service
public class AgentLoop {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AgentLoop.class);
    /** The model id clients ask for. */
    public static final String MODEL = "cynodeai.pm";

    private final ChatRouter router;
    private final InferencePaths paths;
    private final AgentTools tools;
    private final AgentSettings settings;

    AgentLoop(ChatRouter router, InferencePaths paths, AgentTools tools, AgentSettings settings) {
        this.router = router;
        this.paths = paths;
        this.tools = tools;
        this.settings = settings;
    }

    /** The model the agent thinks with, when an inference path serves it now. */
    public Optional<String> backing() {
        String model = settings.model();
        return model.isBlank() || paths.serving(model).isEmpty() ? Optional.empty() : Optional.of(model);
    }

    /** How a chat with the agent went: its model calls, the path of the last, the tasks it ran. */
    public record Run(int steps, String path, List<UUID> tasks) {}

    /**
     * Runs the loop for one chat request.
     *
     * @param messages the conversation as the client sent it
     * @param out what the person sees, piece by piece as it comes
     * @throws InferenceFailure when no path serves the agent's model, or the model fails
     */
    public Run run(
            UserPrincipal me,
            String clientAddr,
            String project,
            List<ChatCompletionMessageParam> messages,
            Consumer<String> out) {
        String model = backing()
                .orElseThrow(() -> new InferenceFailure(
                        InferenceFailure.Kind.NO_PATH, "no inference path serves the model of " + MODEL + " now"));
        Instant deadline = Instant.now().plus(settings.timeLimit());
        Timing timing = new Timing(System.nanoTime());
        ChatCompletionCreateParams.Builder request = AgentTools.offer(
                ChatCompletionCreateParams.builder().model(model).messages(messages));
        String path = null;
        String last = null;
        List<UUID> tasks = new ArrayList<>();
        for (int step = 1; step <= settings.maxSteps(); step++) {
            if (Instant.now().isAfter(deadline)) {
                out.accept(stopped("the chat's time limit (" + settings.timeLimit() + ")", last));
                return new Run(step - 1, path, tasks);
            }
            boolean[] wrote = {false};
            long asked = System.nanoTime();
            ChatRouter.Routed<ChatCompletion> answer = router.streamAccumulated(request.build(), text -> {
                wrote[0] = true;
                out.accept(text);
            });
            timing.model += System.nanoTime() - asked;
            path = answer.path().name();
            ChatCompletionMessage message = answer.value().choices().getFirst().message();
            List<ChatCompletionMessageToolCall> calls = message.toolCalls().orElse(List.of());
            if (calls.isEmpty()) {
                timing.log(step);
                return new Run(step, path, tasks);
            }
            if (wrote[0]) {
                out.accept("\n");
            }
            request.addMessage(message);
            for (ChatCompletionMessageToolCall call : calls) {
                if (!call.isFunction()) {
                    continue;
                }
                Duration left = Duration.between(Instant.now(), deadline);
                AgentTools.Outcome outcome =
                        tools.run(me, clientAddr, project, call.asFunction(), left.isNegative() ? Duration.ZERO : left);
                timing.tasks += outcome.taskNanos();
                if (outcome.taskId() != null) {
                    tasks.add(outcome.taskId());
                }
                timing.toolSteps++;
                out.accept(outcome.progress() + "\n");
                last = outcome.result();
                request.addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(call.asFunction().id())
                        .content(outcome.result())
                        .build());
            }
        }
        out.accept(stopped("its budget of " + settings.maxSteps() + " steps", last));
        timing.log(settings.maxSteps());
        return new Run(settings.maxSteps(), path, tasks);
    }

    /**
     * Where a chat's time went, as an opt-in trace (DEBUG): in its model calls, in its tasks (made
     * to ended), and the rest, the agent's own work (what {@code just bench-inference} reports).
     */
    private static final class Timing {
        final long start;
        long model;
        long tasks;
        int toolSteps;

        Timing(long start) {
            this.start = start;
        }

        void log(int steps) {
            if (log.isDebugEnabled()) {
                long own = System.nanoTime() - start - model - tasks;
                log.debug(
                        "agent chat: steps={} tool_steps={} own_us={} model_us={} tasks_us={}",
                        steps,
                        toolSteps,
                        own / 1000,
                        model / 1000,
                        tasks / 1000);
            }
        }
    }

    /** The answer when the loop was stopped: why, and the last tool result it had. */
    private static String stopped(String why, String last) {
        return "I stopped at " + why + " before a final answer."
                + (last == null ? "" : " The last tool result:\n" + last);
    }
}
