package io.cynodeai.controlplane.nodeconfig;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.inference.TokenCipher;
import io.cynodeai.jobs.NodeLiveness;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The nodes a sandbox job may go to now (nodes.md §2): active (not draining, revoked or reset),
 * heard from within {@link NodeLiveness#unreachableAfter()}, supporting sandboxes, and with a
 * Worker API URL and an unexpired token in their latest applied configuration; each with its
 * labels and what it holds now, for placement.
 */
@Repository
public class DispatchTargets {
    private final JdbcClient jdbc;
    private final TokenCipher cipher;
    private final NodeLiveness liveness;

    DispatchTargets(JdbcClient jdbc, TokenCipher cipher, NodeLiveness liveness) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.liveness = liveness;
    }

    public List<DispatchTarget> now() {
        // A token that does not decrypt leaves its node out until it fetches a new one.
        return jdbc
                .sql("""
                        select n.id, n.slug, n.max_concurrency, n.worker_cert_sha256, n.labels::text as labels,
                            n.running_jobs, n.last_claimed_at, n.last_seen_at, c.worker_api_url, c.bearer_token_enc
                        from nodes n
                        join node_configs c on c.node_id = n.id and c.version = n.applied_config_version
                        where n.status = 'active' and n.sandbox_supported
                          and n.last_seen_at > now() - make_interval(secs => :unreachable)
                          and c.worker_api_url is not null
                          and c.bearer_token_enc is not null and c.token_expires_at > now()
                        order by n.slug""")
                .param("unreachable", liveness.unreachableSeconds())
                .query((rs, i) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String slug = rs.getString("slug");
                    String url = rs.getString("worker_api_url");
                    int max = rs.getInt("max_concurrency");
                    String pin = rs.getString("worker_cert_sha256");
                    var state = new DispatchTarget.State(
                            labels(rs.getString("labels")),
                            rs.getInt("running_jobs"),
                            instant(rs.getTimestamp("last_claimed_at")),
                            instant(rs.getTimestamp("last_seen_at")));
                    return cipher.decrypt(rs.getBytes("bearer_token_enc"))
                            .map(token -> new DispatchTarget(id, slug, url, token, max, pin, state));
                })
                .list()
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    private static List<String> labels(String json) {
        List<String> out = new ArrayList<>();
        for (var label : Json.mapper().readTree(json)) {
            if (label.isString()) {
                out.add(label.asString());
            }
        }
        return out;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? Instant.EPOCH : t.toInstant();
    }
}
