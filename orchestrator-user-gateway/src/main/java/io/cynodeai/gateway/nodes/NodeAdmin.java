package io.cynodeai.gateway.nodes;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.jobs.NodeLiveness;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The node registry as administrators read and change it. A revocation or a reset takes effect
 * at once: the node's identity epoch moves on (every node JWT issued before is refused on its next
 * request, nodes.md §1), its Worker API token is expired (so no control plane sends it a job or
 * offers the token again), and its running jobs are given back to the queue, in one transaction.
 */
@Repository
class NodeAdmin {
    private static final String VIEW = """
            select n.slug, n.name, n.status, n.labels::text as labels, n.max_concurrency,
                n.inference_models::text as models, n.last_seen_at, n.applied_config_version, n.worker_api_url,
                n.last_seen_at < now() - make_interval(secs => :unreachable) as silent,
                n.running_jobs
            from nodes n""";

    private final JdbcClient jdbc;
    private final JobLifecycle lifecycle;
    private final double unreachableSeconds;

    NodeAdmin(JdbcClient jdbc, JobLifecycle lifecycle, NodeLiveness liveness) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.unreachableSeconds = liveness.unreachableSeconds();
    }

    List<NodeView> all() {
        return jdbc.sql(VIEW + " order by n.slug")
                .param("unreachable", unreachableSeconds)
                .query(NodeAdmin::view)
                .list();
    }

    Optional<NodeView> bySlug(String slug) {
        return jdbc.sql(VIEW + " where n.slug = :slug")
                .param("unreachable", unreachableSeconds)
                .param("slug", slug)
                .query(NodeAdmin::view)
                .optional();
    }

    /** The stored status of a node ({@code active}, {@code draining}, {@code revoked}, {@code pending}). */
    Optional<String> statusOf(String slug) {
        return jdbc.sql("select status from nodes where slug = ?")
                .param(slug)
                .query(String.class)
                .optional();
    }

    /**
     * Moves the node from {@code from} to {@code to} (drain and resume, an administrator's: a node
     * drained so stays drained across its restarts); whether it was in {@code from}.
     */
    boolean move(String slug, String from, String to) {
        return jdbc.sql("update nodes set status = ?, drained_by = case when status = 'active' then 'admin' end"
                                + " where slug = ? and status = ?")
                        .params(to, slug, from)
                        .update()
                > 0;
    }

    /**
     * Revokes the node (until a reset) or resets it (its credential forgotten, its slug free to
     * be enrolled again); how many running jobs were given back, or empty when there is no such node.
     */
    @Transactional
    Optional<Integer> endIdentity(String slug, boolean reset) {
        Optional<UUID> node = jdbc.sql("""
                        update nodes set identity_epoch = identity_epoch + 1,
                            status = case when :reset then 'pending' else 'revoked' end,
                            credential_hash = case when :reset then null else credential_hash end,
                            previous_credential_hash = case when :reset then null else previous_credential_hash end,
                            applied_config_version = case when :reset then null else applied_config_version end
                        where slug = :slug returning id""")
                .param("reset", reset)
                .param("slug", slug)
                .query(UUID.class)
                .optional();
        return node.map(id -> {
            jdbc.sql("update node_configs set token_expires_at = least(token_expires_at, now()) where node_id = ?")
                    .param(id)
                    .update();
            return lifecycle.release(id, reset ? "node reset" : "node revoked");
        });
    }

    private static NodeView view(ResultSet rs, int row) throws SQLException {
        String stored = rs.getString("status");
        boolean silent = rs.getBoolean("silent");
        String status = silent && (stored.equals("active") || stored.equals("draining")) ? "unreachable" : stored;
        long applied = rs.getLong("applied_config_version");
        Long appliedVersion = rs.wasNull() ? null : applied;
        Timestamp seen = rs.getTimestamp("last_seen_at");
        return new NodeView(
                rs.getString("slug"),
                rs.getString("name"),
                status,
                strings(rs.getString("labels"), null),
                rs.getInt("max_concurrency"),
                rs.getInt("running_jobs"),
                strings(rs.getString("models"), "id"),
                seen == null ? null : seen.toInstant(),
                appliedVersion,
                rs.getString("worker_api_url"));
    }

    /** The strings of a JSON array, or the {@code field} of each of its objects. */
    private static List<String> strings(String json, String field) {
        List<String> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        for (JsonNode item : Json.mapper().readTree(json)) {
            JsonNode value = field == null ? item : item.path(field);
            if (value.isString()) {
                out.add(value.asString());
            }
        }
        return out;
    }
}
