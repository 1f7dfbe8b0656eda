package io.cynodeai.gateway.chat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Conversations as stored (inference.md §4): one active thread per (user, project), a new one
 * after {@link #IDLE} without activity; messages already redacted. Only the owner reads a thread.
 */
@Repository
class Threads {
    static final Duration IDLE = Duration.ofHours(2);
    static final String DEFAULT_PROJECT = "default";

    private final JdbcClient jdbc;

    Threads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record ChatThread(UUID id, String project, Instant createdAt, Instant lastActiveAt) {}

    record StoredMessage(long id, String role, String content, String model, String status, Instant createdAt) {}

    /** What one chat request came to: its messages, its answer, and its audit record. */
    record Exchange(
            UUID userId,
            String project,
            List<ChatRequest.Message> messages,
            String model,
            String answer,
            boolean ok,
            String path,
            boolean stream,
            Long promptTokens,
            Long completionTokens,
            Duration duration,
            String outcome,
            Set<String> redactions,
            List<UUID> tasks) {}

    /**
     * Stores an exchange in one statement (one commit), once its answer has gone to the caller:
     * the user's active thread for the project is touched, or a new one made (none active within
     * {@link #IDLE}); the request's messages go in (all of them into a new thread, else those after
     * its last answer), then the answer (marked {@code error} when it broke off; none when nothing
     * came), the links to the tasks the acting model ran for it, then the audit record.
     */
    void record(Exchange e) {
        int turn = newTurnStart(e.messages());
        jdbc.sql("""
                        with current as (
                            update chat_threads set last_active_at = now()
                            where id = (select id from chat_threads
                                        where user_id = :user and project = :project
                                          and last_active_at > now() - make_interval(secs => :idle)
                                        order by last_active_at desc limit 1)
                            returning id, false as fresh),
                        created as (
                            insert into chat_threads (id, user_id, project)
                            select :id, :user, :project where not exists (select 1 from current)
                            returning id, true as fresh),
                        thread as (select * from current union all select * from created),
                        messages as (
                            insert into chat_messages (thread_id, role, content, model, status)
                            select thread.id, m.role, m.content, :model, m.status
                            from thread, unnest(cast(:roles as text[]), cast(:contents as text[]),
                                                cast(:statuses as text[])) with ordinality as m(role, content, status, n)
                            where thread.fresh or m.n > :turn
                            order by m.n
                            returning 1),
                        linked as (
                            insert into chat_thread_tasks (thread_id, task_id)
                            select thread.id, t from thread, unnest(cast(:tasks as uuid[])) as t
                            on conflict do nothing),
                        audit as (
                            insert into inference_audit (user_id, model, path, stream, prompt_tokens,
                                completion_tokens, duration_ms, outcome, redactions)
                            values (:user, :model, :path, :stream, :prompt, :completion, :ms, :outcome,
                                    cast(:redactions as text[])))
                        select count(*) from messages""")
                .param("user", e.userId())
                .param("project", e.project())
                .param("idle", (double) IDLE.toSeconds())
                .param("id", UUID.randomUUID())
                .param("model", e.model())
                .param("roles", column(e, ChatRequest.Message::role, "assistant"))
                .param("contents", column(e, ChatRequest.Message::text, e.answer()))
                .param("statuses", column(e, m -> "ok", e.ok() ? "ok" : "error"))
                .param("turn", turn)
                .param("path", e.path())
                .param("stream", e.stream())
                .param(
                        "prompt",
                        e.promptTokens() == null ? null : e.promptTokens().intValue(),
                        java.sql.Types.INTEGER)
                .param(
                        "completion",
                        e.completionTokens() == null
                                ? null
                                : e.completionTokens().intValue(),
                        java.sql.Types.INTEGER)
                .param("ms", e.duration().toMillis())
                .param("outcome", e.outcome())
                .param("redactions", e.redactions().toArray(String[]::new))
                .param("tasks", e.tasks().toArray(UUID[]::new))
                .query(Long.class)
                .single();
    }

    /** The request's messages, then the answer when there is one, as one column of the insert. */
    private static String[] column(
            Exchange e, java.util.function.Function<ChatRequest.Message, String> of, String answer) {
        var values = new java.util.ArrayList<String>(e.messages().size() + 1);
        e.messages().forEach(m -> values.add(of.apply(m)));
        if (e.answer() != null) {
            values.add(answer);
        }
        return values.toArray(String[]::new);
    }

    /** The 1-based position after which a request's messages are new to a thread that has the rest (after its last answer). */
    static int newTurnStart(List<ChatRequest.Message> messages) {
        int from = 0;
        for (int i = 0; i < messages.size(); i++) {
            if ("assistant".equals(messages.get(i).role())) {
                from = i + 1;
            }
        }
        return from;
    }

    List<ChatThread> list(UUID userId, int limit) {
        return jdbc.sql("""
                        select id, project, created_at, last_active_at from chat_threads
                        where user_id = ? order by last_active_at desc limit ?""")
                .params(userId, limit)
                .query((rs, i) -> new ChatThread(
                        rs.getObject("id", UUID.class),
                        rs.getString("project"),
                        instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("last_active_at"))))
                .list();
    }

    /** The ids of the tasks the acting model ran in the thread, oldest first. */
    List<UUID> tasks(UUID threadId) {
        return jdbc.sql("select l.task_id from chat_thread_tasks l join tasks t on t.id = l.task_id"
                        + " where l.thread_id = ? order by t.created_at")
                .param(threadId)
                .query(UUID.class)
                .list();
    }

    /** The thread's messages, oldest first; empty when the thread is not this user's. */
    Optional<List<StoredMessage>> messages(UUID userId, UUID threadId) {
        boolean owned = jdbc.sql("select count(*) from chat_threads where id = ? and user_id = ?")
                        .params(threadId, userId)
                        .query(Long.class)
                        .single()
                > 0;
        if (!owned) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("""
                        select id, role, content, model, status, created_at from chat_messages
                        where thread_id = ? order by id""")
                .param(threadId)
                .query((rs, i) -> new StoredMessage(
                        rs.getLong("id"),
                        rs.getString("role"),
                        rs.getString("content"),
                        rs.getString("model"),
                        rs.getString("status"),
                        instant(rs.getTimestamp("created_at"))))
                .list());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
