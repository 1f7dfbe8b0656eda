package io.cynodeai.gateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.cynodeai.contracts.json.Json;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code cynodeai.pm} (inference.md §6) through the gateway with the official OpenAI SDK as the
 * client and the stand-in as the agent's model (a test double: a fenced code block in the user's
 * message becomes a {@code run_commands} call, a tool result its answer). No control plane runs
 * here: the task a tool makes is ended as the control plane ends one, by a helper that plays the
 * sandbox ({@link #playTheSandbox}).
 */
@TestPropertySource(properties = {"cynode.agent.model=standin-echo", "cynode.agent.tool-wait=20s"})
class AgentIT extends StandInGateway {
    ScheduledExecutorService sandbox;

    @BeforeEach
    void playTheSandbox() {
        sandbox = Executors.newSingleThreadScheduledExecutor();
        sandbox.scheduleWithFixedDelay(this::endQueuedAgentTasks, 50, 50, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        sandbox.shutdownNow();
    }

    /** Each queued task named pm…: its job ends as a sandbox running it would (`exit 3` exits 3, else 0, echoing). */
    void endQueuedAgentTasks() {
        for (var t : jdbc.sql("select id, prompt from tasks where status = 'queued' and task_name like 'pm%'")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .list()) {
            int exit = t[1].startsWith("exit ")
                    ? Integer.parseInt(t[1].substring(5).strip())
                    : 0;
            String stdout = exit == 0 ? t[1].replace("echo ", "") + "\n" : "";
            String result = Json.write(java.util.Map.of(
                    "version",
                    1,
                    "task_id",
                    t[0],
                    "job_id",
                    UUID.randomUUID().toString(),
                    "status",
                    exit == 0 ? "completed" : "failed",
                    "exit_code",
                    exit,
                    "stdout",
                    stdout,
                    "stderr",
                    "",
                    "started_at",
                    "2026-12-03T00:00:00Z",
                    "ended_at",
                    "2026-12-03T00:00:01Z",
                    "truncated",
                    java.util.Map.of("stdout", false, "stderr", false)));
            jdbc.sql("update jobs set status = ?, result = cast(? as jsonb), ended_at = now() where task_id = ?::uuid")
                    .params(exit == 0 ? "completed" : "failed", result, t[0])
                    .update();
            jdbc.sql("update tasks set status = ? where id = ?::uuid and status = 'queued'")
                    .params(exit == 0 ? "completed" : "failed", t[0])
                    .update();
        }
    }

    static ChatCompletionCreateParams pm(String text) {
        return ChatCompletionCreateParams.builder()
                .model("cynodeai.pm")
                .addUserMessage(text)
                .build();
    }

    @Test
    void cynodeaiPmIsListedFirstWhileItsModelIsServed() {
        var models = openai.models().list().data();
        assertThat(models.getFirst().id()).isEqualTo("cynodeai.pm");
        assertThat(models).extracting(m -> m.id()).contains("standin-echo");
    }

    @Test
    void aChatThatRunsACommandReportsWhatItPrintedAndTheTaskIsTheUsers() {
        var answer = openai.chat().completions().create(pm("Please run:\n```\necho hello-from-pm\n```"));
        String content = answer.choices().getFirst().message().content().orElse("");
        assertThat(content).contains("> ran: echo hello-from-pm (exit 0)");
        assertThat(content).as("the model's answer, from the tool's result").contains("hello-from-pm");
        assertThat(content.indexOf("> ran:")).isLessThan(content.lastIndexOf("hello-from-pm"));
        assertThat(answer.model()).isEqualTo("cynodeai.pm");
        assertThat(http.get("/v1/tasks?limit=5", token).body()).contains("\"task_name\":\"pm");
        // The thread the chat is kept in links the task it ran (the record is written after the answer).
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    var threads = Json.mapper()
                            .readTree(http.get("/v1/chat/threads", token).body())
                            .get("threads");
                    String thread = threads.get(0).get("id").asString();
                    var linked = Json.mapper()
                            .readTree(http.get("/v1/chat/threads/" + thread + "/messages", token)
                                    .body())
                            .get("task_ids");
                    String newest = Json.mapper()
                            .readTree(http.get("/v1/tasks?limit=1", token).body())
                            .get("tasks")
                            .get(0)
                            .get("task_id")
                            .asString();
                    assertThat(linked.toString()).contains(newest);
                });
        assertThat(jdbc.sql("select count(*) from auth_audit_log where event = 'agent_tool' and outcome = 'success'"
                                + " and details->>'tool' = 'run_commands'")
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    @Test
    void aFailingCommandIsReportedWithItsExitCode() {
        var answer = openai.chat().completions().create(pm("Try:\n```\nexit 3\n```"));
        String content = answer.choices().getFirst().message().content().orElse("");
        assertThat(content).contains("> ran: exit 3 (exit 3)").contains("failed, exit code 3");
    }

    @Test
    void theStreamShowsTheProgressLineThenTheAnswerPieceByPiece() {
        StringBuilder seen = new StringBuilder();
        int[] pieces = {0};
        try (StreamResponse<ChatCompletionChunk> stream =
                openai.chat().completions().createStreaming(pm("Run:\n```\necho streamed\n```"))) {
            stream.stream()
                    .forEach(c -> c.choices()
                            .forEach(ch -> ch.delta().content().ifPresent(t -> {
                                seen.append(t);
                                pieces[0]++;
                            })));
        }
        assertThat(seen.toString())
                .startsWith("> ran: echo streamed (exit 0)\n")
                .contains("streamed");
        assertThat(pieces[0]).as("the answer in pieces as the model wrote it").isGreaterThan(3);
    }

    @Test
    void withoutACodeBlockItIsAnsweredLikeAnyChatAndRunsNothing() {
        long before = jdbc.sql("select count(*) from tasks where task_name like 'pm%'")
                .query(Long.class)
                .single();
        var answer = openai.chat().completions().create(pm("hello there"));
        assertThat(answer.choices().getFirst().message().content().orElse("")).contains("hello there");
        assertThat(jdbc.sql("select count(*) from tasks where task_name like 'pm%'")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void aChatWithNoModelNamedGoesToTheAgent() {
        var r = http.post("/v1/chat/completions", token, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(r.body()).get("model").asString()).isEqualTo("cynodeai.pm");
    }
}
