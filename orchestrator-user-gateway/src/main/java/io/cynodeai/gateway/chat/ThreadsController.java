package io.cynodeai.gateway.chat;

import io.cynodeai.gateway.auth.UserPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's chat threads and their messages (as stored: redacted). */
@Tag(name = "chat", description = "OpenAI-compatible chat completions")
@RestController
class ThreadsController {
    private final Threads threads;

    ThreadsController(Threads threads) {
        this.threads = threads;
    }

    record ThreadList(List<Threads.ChatThread> threads) {}

    /** @param taskIds the tasks {@code cynodeai.pm} ran in the thread (inference.md §6) */
    record MessageList(String threadId, List<Threads.StoredMessage> messages, List<String> taskIds) {}

    @Operation(summary = "List your chat threads, most recently active first")
    @ApiResponse(responseCode = "200", description = "Your threads")
    @GetMapping("/v1/chat/threads")
    ThreadList list(@AuthenticationPrincipal UserPrincipal me, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw ChatProblem.invalid("limit", "limit must be 1 to 200");
        }
        return new ThreadList(threads.list(me.userId(), limit));
    }

    @Operation(summary = "Read one of your threads' messages, oldest first")
    @ApiResponse(responseCode = "200", description = "The messages")
    @ApiResponse(responseCode = "404", description = "No thread of yours has that id")
    @GetMapping("/v1/chat/threads/{id}/messages")
    MessageList messages(@AuthenticationPrincipal UserPrincipal me, @PathVariable String id) {
        UUID threadId;
        try {
            threadId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ChatProblem(404, "no thread " + id, "id", "not_found");
        }
        return threads.messages(me.userId(), threadId)
                .map(m -> new MessageList(
                        id,
                        m,
                        threads.tasks(threadId).stream().map(UUID::toString).toList()))
                .orElseThrow(() -> new ChatProblem(404, "no thread " + id, "id", "not_found"));
    }
}
