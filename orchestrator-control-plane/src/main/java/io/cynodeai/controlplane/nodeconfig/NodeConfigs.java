package io.cynodeai.controlplane.nodeconfig;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.contracts.node.NodeConfigurationPayload.Constraints;
import io.cynodeai.contracts.node.NodeConfigurationPayload.Endpoints;
import io.cynodeai.contracts.node.NodeConfigurationPayload.InferenceBackend;
import io.cynodeai.contracts.node.NodeConfigurationPayload.ModelCache;
import io.cynodeai.contracts.node.NodeConfigurationPayload.Orchestrator;
import io.cynodeai.contracts.node.NodeConfigurationPayload.Policy;
import io.cynodeai.contracts.node.NodeConfigurationPayload.SandboxPolicy;
import io.cynodeai.contracts.node.NodeConfigurationPayload.SandboxRegistry;
import io.cynodeai.contracts.node.NodeConfigurationPayload.UpdatePolicy;
import io.cynodeai.contracts.node.NodeConfigurationPayload.WorkerApi;
import io.cynodeai.controlplane.ControlPlaneSettings;
import io.cynodeai.controlplane.nodes.NodeRecord;
import io.cynodeai.inference.TokenCipher;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds each node's configuration from its record and the orchestrator's settings, versions it
 * (a new {@code config_version} only when the content changes, rotation of the Worker API token
 * included), records acknowledgements, and answers which nodes are dispatchable.
 */
@Service
public class NodeConfigs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final NodeConfigSettings settings;
    private final TokenCipher cipher;
    private final Clock clock;
    private final String baseUrl;

    NodeConfigs(
            JdbcClient jdbc,
            NodeConfigSettings settings,
            ControlPlaneSettings controlPlane,
            TokenCipher cipher,
            Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.cipher = cipher;
        this.clock = clock;
        this.baseUrl = controlPlane.baseUrl();
    }

    private record Stored(long version, String contentHash, String payload, byte[] tokenEnc, Instant tokenExpiresAt) {}

    /** The node's current configuration; creates a new version when the content changed. */
    @Transactional
    public NodeConfigurationPayload current(NodeRecord node) {
        // One writer per node at a time: concurrent fetches agree on one version.
        jdbc.sql("select id from nodes where id = ? for update")
                .param(node.id())
                .query()
                .singleRow();
        Optional<Stored> latest = latest(node.id());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Optional<String> kept = latest.filter(l -> l.tokenEnc() != null
                        && l.tokenExpiresAt()
                                .minus(settings.tokenRotateBefore())
                                .isAfter(now))
                .flatMap(l -> cipher.decrypt(l.tokenEnc()));
        String token;
        Instant expiresAt;
        if (kept.isPresent()) {
            token = kept.get();
            expiresAt = latest.get().tokenExpiresAt();
        } else {
            token = newToken();
            expiresAt = now.plus(settings.tokenTtl());
        }
        NodeConfigurationPayload content = build(node, null, null, expiresAt);
        String hash = Sha256.hex(Json.write(content) + "\n" + Sha256.hex(token));
        if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
            return withToken(Json.mapper().readValue(latest.get().payload(), NodeConfigurationPayload.class), token);
        }
        long version = latest.map(s -> s.version() + 1).orElse(1L);
        NodeConfigurationPayload issued = build(node, Long.toString(version), now, expiresAt);
        jdbc.sql("""
                        insert into node_configs (node_id, version, content_hash, payload, worker_api_url,
                                                  bearer_token_enc, token_expires_at)
                        values (?, ?, ?, cast(? as jsonb), ?, ?, ?)""")
                .params(
                        node.id(),
                        version,
                        hash,
                        Json.write(issued),
                        issued.orchestrator().endpoints().workerApiTargetUrl(),
                        cipher.encrypt(token),
                        Timestamp.from(expiresAt))
                .update();
        return withToken(issued, token);
    }

    /** Records an acknowledgement (history kept); an {@code applied} one moves the node's applied version. */
    @Transactional
    public void acknowledge(NodeRecord node, NodeConfigAck ack) {
        if (!node.slug().equals(ack.nodeSlug())) {
            throw NodeConfigProblems.ackForAnotherNode();
        }
        long version;
        try {
            version = Long.parseLong(ack.configVersion());
        } catch (NumberFormatException e) {
            throw NodeConfigProblems.unknownVersion(node.slug(), ack.configVersion());
        }
        boolean known = jdbc.sql("select count(*) from node_configs where node_id = ? and version = ?")
                        .params(node.id(), version)
                        .query(Long.class)
                        .single()
                > 0;
        if (!known) {
            throw NodeConfigProblems.unknownVersion(node.slug(), ack.configVersion());
        }
        jdbc.sql("""
                        insert into node_config_acks (node_id, config_version, status, error, effective_config_hash, ack_at)
                        values (?, ?, ?, cast(? as jsonb), ?, ?)""")
                .params(
                        node.id(),
                        version,
                        ack.status(),
                        ack.error() == null ? null : Json.write(ack.error()),
                        ack.effectiveConfigHash(),
                        Timestamp.from(ack.ackAt()))
                .update();
        if (NodeConfigAck.APPLIED.equals(ack.status())) {
            jdbc.sql("""
                            update nodes set applied_config_version = ?, applied_at = now()
                            where id = ? and (applied_config_version is null or applied_config_version <= ?)""").params(version, node.id(), version).update();
        }
    }

    private NodeConfigurationPayload build(NodeRecord node, String version, Instant issuedAt, Instant tokenExpiresAt) {
        InferenceBackend inference = node.inferenceSupported()
                        && settings.inferenceImage() != null
                        && !settings.inferenceImage().isBlank()
                ? new InferenceBackend(
                        true, settings.inferenceImage(), settings.inferencePort(), null, settings.inferenceModels())
                : null;
        return new NodeConfigurationPayload(
                1,
                version,
                issuedAt,
                node.slug(),
                new Orchestrator(baseUrl, new Endpoints(node.workerApiUrl(), baseUrl + "/v1/nodes/capability")),
                new SandboxRegistry(settings.sandboxRegistryUrl(), false, null, null),
                new ModelCache(settings.modelCacheUrl(), null, null),
                new Policy(
                        new SandboxPolicy(
                                settings.allowedImages(), settings.defaultNetworkPolicy(), List.of(), false, false),
                        new UpdatePolicy(
                                settings.enableDynamicConfig(),
                                (int) settings.pollInterval().toSeconds(),
                                false)),
                new WorkerApi(null, tokenExpiresAt),
                inference,
                null,
                new Constraints(settings.maxRequestBytes().toBytes(), (int)
                        settings.maxJobTimeout().toSeconds()));
    }

    private static NodeConfigurationPayload withToken(NodeConfigurationPayload p, String token) {
        return new NodeConfigurationPayload(
                p.version(),
                p.configVersion(),
                p.issuedAt(),
                p.nodeSlug(),
                p.orchestrator(),
                p.sandboxRegistry(),
                p.modelCache(),
                p.policy(),
                new WorkerApi(
                        token, p.workerApi() == null ? null : p.workerApi().orchestratorBearerTokenExpiresAt()),
                p.inferenceBackend(),
                p.notes(),
                p.constraints());
    }

    private Optional<Stored> latest(UUID nodeId) {
        return jdbc.sql("""
                        select version, content_hash, payload::text as payload, bearer_token_enc, token_expires_at
                        from node_configs where node_id = ? order by version desc limit 1""").param(nodeId).query(NodeConfigs::stored).optional();
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("token_expires_at");
        return new Stored(
                rs.getLong("version"),
                rs.getString("content_hash"),
                rs.getString("payload"),
                rs.getBytes("bearer_token_enc"),
                expires == null ? null : expires.toInstant());
    }

    private static String newToken() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
