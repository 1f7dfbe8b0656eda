package io.cynodeai.controlplane.nodes;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.CapabilityHash;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import java.time.Duration;
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

    /** A registration the node proved: the node, its identity epoch, and its new credential if one was issued. */
    public record Registered(NodeRecord node, int identityEpoch, boolean credentialIssued) {}

    /**
     * Enrolls the slug (nodes.md §1): creates the node, or takes over a known slug that holds no
     * credential (reset by an administrator, or stored before node credentials existed). One
     * statement, so of concurrent enrollments of one slug exactly one wins. A slug taken over
     * starts afresh: no applied configuration, and the Worker API token of its old configuration
     * expired, so nothing of the old node's is handed to the new one.
     *
     * @param credentialHash the SHA-256 of the credential issued with this enrollment
     * @return empty when the slug is held (by a credential) or revoked
     */
    @Transactional
    public Optional<Registered> enroll(NodeCapabilityReport report, String workerApiUrl, byte[] credentialHash) {
        String hash = CapabilityHash.of(report);
        Optional<Registered> enrolled = jdbc.sql("""
                        insert into nodes (id, slug, name, status, worker_api_url, worker_cert_sha256, capability_hash,
                                           max_concurrency, inference_supported, inference_models, labels,
                                           sandbox_supported, credential_hash, credential_issued_at, registered_at,
                                           last_seen_at)
                        values (:id, :slug, :name, 'active', :url, :pin, :hash, :maxc, :inf, cast(:models as jsonb),
                                cast(:labels as jsonb), :sandbox, :cred, now(), now(), now())
                        on conflict (slug) do update set name = excluded.name, status = 'active',
                            worker_api_url = excluded.worker_api_url, worker_cert_sha256 = excluded.worker_cert_sha256,
                            capability_hash = excluded.capability_hash,
                            max_concurrency = excluded.max_concurrency, inference_supported = excluded.inference_supported,
                            inference_models = excluded.inference_models, labels = excluded.labels,
                            sandbox_supported = excluded.sandbox_supported, drained_by = null, credential_hash = excluded.credential_hash, previous_credential_hash = null,
                            credential_issued_at = now(), applied_config_version = null, applied_at = null,
                            registered_at = now(), last_seen_at = now()
                        where nodes.credential_hash is null and nodes.status <> 'revoked'
                        """ + " returning identity_epoch, true as issued, " + COLUMNS)
                .params(ReportedValues.registration(report, workerApiUrl, hash))
                .param("id", UUID.randomUUID())
                .param("cred", credentialHash)
                .query(Nodes::registered)
                .optional();
        enrolled.ifPresent(r -> {
            jdbc.sql("update node_configs set token_expires_at = least(token_expires_at, now()) where node_id = ?")
                    .param(r.node().id())
                    .update();
            snapshot(r.node().id(), report, hash);
        });
        return enrolled;
    }

    /**
     * Registers a known node again (a restart, a JWT renewal) if it presents its credential, or
     * the one it held before a rotation it may not have received. The credential is rotated when
     * it is older than {@code rotateAfter}, or when the node presented the previous one (it missed
     * the last rotation's answer); the credential it presented stays valid until it presents the
     * new one. A node an administrator drained stays draining; one that drained itself on its way
     * down (SIGTERM) is active again.
     *
     * @param presented the SHA-256 of the credential the node presented
     * @param next the SHA-256 of the credential to issue if this registration rotates it
     * @return empty when the credential is wrong, or the node is revoked or unknown: nothing changed
     */
    @Transactional
    public Optional<Registered> reregister(
            NodeCapabilityReport report, String workerApiUrl, byte[] presented, byte[] next, Duration rotateAfter) {
        String hash = CapabilityHash.of(report);
        String rotate = "(previous_credential_hash = :presented"
                + " or credential_issued_at < now() - make_interval(secs => :rotate_after))";
        Optional<Registered> again = jdbc.sql("""
                        update nodes set name = :name, worker_api_url = :url, worker_cert_sha256 = :pin,
                            capability_hash = :hash,
                            max_concurrency = :maxc, inference_supported = :inf, inference_models = cast(:models as jsonb),
                            labels = cast(:labels as jsonb), sandbox_supported = :sandbox, last_seen_at = now(),
                            status = case when drained_by = 'node' then 'active' else status end,
                            drained_by = case when drained_by = 'node' then null else drained_by end,
                            credential_hash = case when %1$s then :next else credential_hash end,
                            previous_credential_hash = case when %1$s then :presented end,
                            credential_issued_at = case when %1$s then now() else credential_issued_at end
                        where slug = :slug and status in ('active', 'draining')
                          and (credential_hash = :presented or previous_credential_hash = :presented)
                        """.formatted(rotate)
                        + " returning identity_epoch, credential_hash = :next as issued, " + COLUMNS)
                .params(ReportedValues.registration(report, workerApiUrl, hash))
                .param("presented", presented)
                .param("next", next)
                .param("rotate_after", (double) rotateAfter.toSeconds())
                .query(Nodes::registered)
                .optional();
        again.ifPresent(r -> snapshot(r.node().id(), report, hash));
        return again;
    }

    /**
     * A report of a known node, its heartbeat (nodes.md §2: every few seconds, the same report
     * again): the node is seen now, its limits and labels are what it says, and a report whose
     * capabilities changed is kept as a snapshot. A report that the node is draining (it was
     * sent SIGTERM) drains an active node: it gets no new job.
     */
    @Transactional
    public void recordCapability(UUID nodeId, NodeCapabilityReport report) {
        String hash = CapabilityHash.of(report);
        String before = jdbc.sql("""
                        with old as (select capability_hash from nodes where id = :id)
                        update nodes set capability_hash = :hash, max_concurrency = :maxc,
                            inference_supported = :inf, inference_models = cast(:models as jsonb),
                            labels = cast(:labels as jsonb), sandbox_supported = :sandbox, last_seen_at = now(),
                            status = case when :draining and status = 'active' then 'draining' else status end,
                            drained_by = case when :draining and status = 'active' then 'node' else drained_by end
                        where id = :id returning (select capability_hash from old)""")
                .params(ReportedValues.reported(report, hash))
                .param("id", nodeId)
                .param("draining", report.draining())
                .query(String.class)
                .optional()
                .orElse(hash);
        if (!hash.equals(before)) {
            snapshot(nodeId, report, hash);
        }
    }

    public Optional<NodeRecord> bySlug(String slug) {
        return jdbc.sql("select " + COLUMNS + " from nodes where slug = ?")
                .param(slug)
                .query(Nodes::map)
                .optional();
    }

    /**
     * Keeps {@code last_seen_at} current on every authenticated node call, if the JWT is still
     * good: its node is neither revoked nor reset since it was issued (its identity epoch).
     *
     * @return whether the node may go on
     */
    public boolean touch(UUID nodeId, int identityEpoch) {
        return jdbc.sql("update nodes set last_seen_at = now()"
                                + " where id = ? and identity_epoch = ? and status in ('active', 'draining')")
                        .params(nodeId, identityEpoch)
                        .update()
                > 0;
    }

    /** Why a registration of this slug was not proven: its status, if the slug is known. */
    public Optional<String> statusOf(String slug) {
        return jdbc.sql("select status from nodes where slug = ?")
                .param(slug)
                .query(String.class)
                .optional();
    }

    private void snapshot(UUID nodeId, NodeCapabilityReport report, String hash) {
        jdbc.sql("insert into node_capability_snapshots (node_id, capability_hash, capability)"
                        + " values (?, ?, cast(? as jsonb))")
                .params(nodeId, hash, Json.write(report.withCapabilityHash(hash)))
                .update();
    }

    private static Registered registered(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Registered(map(rs, row), rs.getInt("identity_epoch"), rs.getBoolean("issued"));
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
