package io.cynodeai.gateway.task;

import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.jobs.TaskEnds;
import io.cynodeai.jobs.TaskEvents;
import io.cynodeai.jobs.TaskEvents.TaskEvent;
import io.cynodeai.jobs.TaskReads;
import io.cynodeai.jobs.TaskRecord;
import io.cynodeai.jobs.TaskStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Following a task live (tasks.md §4): server-sent events {@code status}, {@code output} and a last
 * {@code end}, each with the id of its stored event, so {@code Last-Event-ID} resumes without
 * repeats; a follower that connects after the end gets the stored events and the end at once. The
 * stream waits on the database's notifications, not by polling, and sends a heartbeat comment
 * when nothing happened for {@link #HEARTBEAT}.
 */
@Tag(name = "tasks")
@RestController
class TaskEventsController {
    private static final Logger log = LoggerFactory.getLogger(TaskEventsController.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration OPEN_AT_MOST = Duration.ofHours(2);
    private static final int PAGE = 500;

    private final TaskRefs refs;
    private final TaskReads reads;
    private final TaskEvents events;
    private final TaskEnds wakeups;

    TaskEventsController(
            TaskRefs refs, TaskReads reads, TaskEvents events, @Qualifier("taskEventWakeups") TaskEnds wakeups) {
        this.refs = refs;
        this.reads = reads;
        this.events = events;
        this.wakeups = wakeups;
    }

    @Operation(summary = "Follow a task live: its status changes and its output as it is printed, then its end")
    @ApiResponse(responseCode = "200", description = "A stream of server-sent events")
    @ApiResponse(responseCode = "404", description = "No task of yours has that id or name")
    @GetMapping(path = "/v1/tasks/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter follow(
            @AuthenticationPrincipal UserPrincipal me,
            @PathVariable("id") String ref,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        TaskRecord task = refs.owned(me.userId(), ref);
        long after = seq(lastEventId);
        SseEmitter emitter = new SseEmitter(OPEN_AT_MOST.toMillis());
        Thread.ofVirtual().name("task-events-" + task.id()).start(() -> stream(me.userId(), task.id(), after, emitter));
        return emitter;
    }

    private void stream(UUID owner, UUID taskId, long after, SseEmitter emitter) {
        long last = after;
        try {
            while (true) {
                long from = last;
                List<TaskEvent> page = wakeups.await(
                        taskId, HEARTBEAT, () -> events.after(taskId, from, PAGE), list -> !list.isEmpty());
                for (TaskEvent e : page) {
                    emitter.send(SseEmitter.event()
                            .id(Long.toString(e.seq()))
                            .name(e.kind())
                            .data(data(e)));
                    last = e.seq();
                }
                if (page.size() == PAGE) {
                    continue;
                }
                TaskRecord now = reads.find(owner, taskId).orElse(null);
                if (now == null || now.status().ended()) {
                    // Its last status event commits with the status: read after the status, it is there.
                    for (List<TaskEvent> rest = events.after(taskId, last, PAGE);
                            !rest.isEmpty();
                            rest = events.after(taskId, last, PAGE)) {
                        last = send(emitter, rest, last);
                    }
                    emitter.send(SseEmitter.event().name("end").data(end(now)));
                    emitter.complete();
                    return;
                }
                if (page.isEmpty()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                }
            }
        } catch (IOException | IllegalStateException gone) {
            // The follower went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            log.warn("following task {} failed: {}", taskId, e.toString());
            emitter.completeWithError(e);
        }
    }

    /** Sends the events, each with its sequence number as its id; the last one sent. */
    private static long send(SseEmitter emitter, List<TaskEvent> page, long last) throws IOException {
        for (TaskEvent e : page) {
            emitter.send(
                    SseEmitter.event().id(Long.toString(e.seq())).name(e.kind()).data(data(e)));
            last = e.seq();
        }
        return last;
    }

    private static Map<String, Object> data(TaskEvent e) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (e.isStatus()) {
            d.put("status", e.status());
            d.put("at", e.at().toString());
        } else {
            d.put("stream", e.stream());
            d.put("text", e.text());
        }
        return d;
    }

    private static Map<String, Object> end(TaskRecord task) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(
                "status",
                task == null ? TaskStatus.CANCELED.wire() : task.status().wire());
        if (task != null && task.exitCode() != null && !"prompt".equals(task.inputMode())) {
            d.put("exit_code", task.exitCode());
        }
        return d;
    }

    /** The sequence number a {@code Last-Event-ID} names; 0 (from the start) for none or anything else. */
    static long seq(String lastEventId) {
        if (lastEventId == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
