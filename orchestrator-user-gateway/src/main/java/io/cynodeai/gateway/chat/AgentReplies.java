package io.cynodeai.gateway.chat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.gateway.agent.AgentLoop;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.inference.ChatRouter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chat with {@code cynodeai.pm} in OpenAI's shapes: one {@code chat.completion} whose content is
 * everything the agent showed (its progress lines, then its answer), or a stream of {@code
 * chat.completion.chunk} events written as each piece comes, then {@code [DONE]}.
 */
@Component
class AgentReplies {
    private final AgentLoop agent;

    AgentReplies(AgentLoop agent) {
        this.agent = agent;
    }

    /** Whether a request naming {@code model} (null: none) is the agent's. */
    boolean handles(String model) {
        return AgentLoop.MODEL.equals(model)
                || (model == null && agent.backing().isPresent());
    }

    AgentLoop.Run whole(
            UserPrincipal me,
            String clientAddr,
            String project,
            ChatRequest request,
            HttpServletResponse response,
            StringBuilder answer)
            throws IOException {
        AgentLoop.Run run = agent.run(me, clientAddr, project, request.params().messages(), answer::append);
        ObjectNode completion = envelope("chat.completion");
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.toString());
        choice.put("finish_reason", "stop");
        byte[] body = Json.write(completion).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return run;
    }

    AgentLoop.Run stream(
            UserPrincipal me,
            String clientAddr,
            String project,
            ChatRequest request,
            HttpServletResponse response,
            StringBuilder answer) {
        String id = "chatcmpl-" + UUID.randomUUID();
        ServletOutputStream[] out = {null};
        AgentLoop.Run run = agent.run(me, clientAddr, project, request.params().messages(), text -> {
            answer.append(text);
            try {
                if (out[0] == null) {
                    out[0] = ChatWeb.eventStream(response);
                    event(out[0], chunk(id, null, "assistant", null));
                }
                event(out[0], chunk(id, text, null, null));
            } catch (IOException e) {
                throw new ChatRouter.CallerGone(e);
            }
        });
        try {
            if (out[0] == null) {
                out[0] = ChatWeb.eventStream(response);
            }
            event(out[0], chunk(id, null, null, "stop"));
            out[0].write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out[0].flush();
        } catch (IOException e) {
            throw new ChatRouter.CallerGone(e);
        }
        return run;
    }

    private static String chunk(String id, String content, String role, String finish) {
        ObjectNode c = envelope("chat.completion.chunk").put("id", id);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return Json.write(c);
    }

    private static ObjectNode envelope(String object) {
        return Json.mapper()
                .createObjectNode()
                .put("id", "chatcmpl-" + UUID.randomUUID())
                .put("object", object)
                .put("created", Instant.now().getEpochSecond())
                .put("model", AgentLoop.MODEL);
    }

    private static void event(ServletOutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
