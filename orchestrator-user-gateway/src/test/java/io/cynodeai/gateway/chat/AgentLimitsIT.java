package io.cynodeai.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cynodeai.contracts.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * What always ends the acting model's loop, with the stand-in as its model: the step budget (one
 * model call here, so the call it asks for is run and the chat then ends with what it has), and a
 * user whose task queue is full, who is told so rather than kept waiting.
 */
@TestPropertySource(
        properties = {
            "cynode.agent.model=standin-echo",
            "cynode.agent.max-steps=1",
            "cynode.agent.tool-wait=1s",
            "cynode.tasks.max-queued-per-user=1"
        })
class AgentLimitsIT extends StandInGateway {

    String chatAs(String userToken, String text) {
        var client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(userToken)
                .maxRetries(0)
                .build();
        return client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("cynodeai.pm")
                        .addUserMessage(text)
                        .build())
                .choices()
                .getFirst()
                .message()
                .content()
                .orElse("");
    }

    @Test
    void theStepBudgetEndsTheLoopWithWhatItHas() {
        String content = chatAs(otherUser(), "Run:\n```\necho budget\n```");
        assertThat(content).contains("> ran: echo budget (").contains("I stopped at its budget of 1 steps");
        assertThat(content).as("what it has: the last tool result").contains("task pm");
    }

    @Test
    void aFullQueueIsAClearAnswerNotAHang() {
        String user = otherUser();
        var first = http.post(
                "/v1/tasks", user, Json.write(Map.of("input_mode", "commands", "commands", java.util.List.of("true"))));
        assertThat(first.status()).isEqualTo(201);
        long started = System.nanoTime();
        String content = chatAs(user, "Run:\n```\necho more\n```");
        assertThat(content).contains("run_commands refused").contains("tasks waiting already");
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("no wait for a task that cannot be made")
                .isLessThan(5_000);
    }
}
