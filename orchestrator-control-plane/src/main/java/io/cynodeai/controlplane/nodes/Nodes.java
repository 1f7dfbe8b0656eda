package io.cynodeai.controlplane.nodes;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.CapabilityHash;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The node registry (public entry point of this capability). */
@Repository
public class Nodes {
    private static final String COLUMNS = "id, slug, name, status, worker_api_url, capability_hash, max_concurrency,"
            + " inference_supported, applied_config_version";

    private final JdbcClient jdbc;

    Nodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Creates the node or updates the one with this slug (one statement, so concurrent
     * registrations of one slug leave one node), and stores the capability snapshot.
     *
     * @param workerApiUrl where the control plane reaches the node's Worker API
     */
    @Transactional
    public NodeRecord register(NodeCapabilityReport report, String workerApiUrl) {
        String hash = CapabilityHash.of(report);
        NodeRecord node = jdbc.sql("""
                        insert into nodes (id, slug, name, status, worker_api_url, capability_hash, max_concurrency,
                                           inference_supported, inference_models, registered_at, last_seen_at)
                        values (:id, :slug, :name, 'active', :url, :hash, :maxc, :inf, cast(:models as jsonb), now(), now())
                        on conflict (slug) do update set name = excluded.name, status = 'active',
                            worker_api_url = excluded.worker_api_url, capability_hash = excluded.capability_hash,
                            max_concurrency = excluded.max_concurrency,
                            inference_supported = excluded.inference_supported,
                            inference_models = excluded.inference_models, last_seen_at = now()
                        """ + " returning " + COLUMNS)
                .param("id", UUID.randomUUID())
                .param("slug", report.node().nodeSlug())
                .param("name", report.node().name())
                .param("url", workerApiUrl)
                .param("hash", hash)
                .param("maxc", maxConcurrency(report))
                .param("inf", inferenceSupported(report))
                .param("models", inferenceModels(report))
                .query(Nodes::map)
                .single();
        snapshot(node.id(), report, hash);
        return node;
    }

    /** Stores a capability report of a known node and updates its hash and limits. */
    @Transactional
    public void recordCapability(UUID nodeId, NodeCapabilityReport report) {
        String hash = CapabilityHash.of(report);
        jdbc.sql("""
                        update nodes set capability_hash = :hash, max_concurrency = :maxc,
                            inference_supported = :inf, inference_models = cast(:models as jsonb),
                            last_seen_at = now() where id = :id""")
                .param("hash", hash)
                .param("maxc", maxConcurrency(report))
                .param("inf", inferenceSupported(report))
                .param("models", inferenceModels(report))
                .param("id", nodeId)
                .update();
        snapshot(nodeId, report, hash);
    }

    public Optional<NodeRecord> bySlug(String slug) {
        return jdbc.sql("select " + COLUMNS + " from nodes where slug = ?")
                .param(slug)
                .query(Nodes::map)
                .optional();
    }

    /** Keeps {@code last_seen_at} current on every authenticated node call. */
    public void touch(UUID nodeId) {
        jdbc.sql("update nodes set last_seen_at = now() where id = ?")
                .param(nodeId)
                .update();
    }

    private void snapshot(UUID nodeId, NodeCapabilityReport report, String hash) {
        jdbc.sql("insert into node_capability_snapshots (node_id, capability_hash, capability)"
                        + " values (?, ?, cast(? as jsonb))")
                .params(nodeId, hash, Json.write(report.withCapabilityHash(hash)))
                .update();
    }

    private static int maxConcurrency(NodeCapabilityReport report) {
        var sandbox = report.sandbox();
        return sandbox != null && sandbox.maxConcurrency() != null && sandbox.maxConcurrency() > 0
                ? sandbox.maxConcurrency()
                : 1;
    }

    private static boolean inferenceSupported(NodeCapabilityReport report) {
        return report.inference() != null
                && Boolean.TRUE.equals(report.inference().supported());
    }

    /** The models the report lists, as stored for routing ({@code []} when none). */
    private static String inferenceModels(NodeCapabilityReport report) {
        var inference = report.inference();
        return Json.write(inference == null || inference.models() == null ? List.of() : inference.models());
    }

    private static NodeRecord map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long applied = rs.getLong("applied_config_version");
        Long appliedVersion = rs.wasNull() ? null : applied;
        return new NodeRecord(
                rs.getObject("id", UUID.class),
                rs.getString("slug"),
                rs.getString("name"),
                rs.getString("status"),
                rs.getString("worker_api_url"),
                rs.getString("capability_hash"),
                rs.getInt("max_concurrency"),
                rs.getBoolean("inference_supported"),
                appliedVersion);
    }
}
