package io.cynodeai.inference;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.jobs.NodeLiveness;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The inference paths there are now: every dispatchable node (active, heard from lately, its applied configuration
 * with an unexpired Worker API token and its inference backend enabled) whose latest capability
 * report lists models, then the external provider when configured. Read from the database at most
 * once per {@code pathsFreshFor}, so a chat costs no extra round trip. Also the model catalog over
 * them, and how many requests each path has in flight in this process (least loaded first).
 */
public class InferencePaths {
    private final JdbcClient jdbc;
    private final TokenCipher cipher;
    private final InferenceSettings settings;
    private final Clock clock;
    private final NodeLiveness liveness;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    private record Snapshot(List<InferencePath> paths, Instant readAt) {}

    /** A model some path serves, and who serves it (the OpenAI list's {@code owned_by}). */
    public record Model(String id, String ownedBy) {}

    public InferencePaths(
            JdbcClient jdbc, TokenCipher cipher, InferenceSettings settings, NodeLiveness liveness, Clock clock) {
        this.jdbc = jdbc;
        this.liveness = liveness;
        this.cipher = cipher;
        this.settings = settings;
        this.clock = clock;
    }

    /** Every path now, nodes first. */
    public List<InferencePath> all() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s == null || s.readAt().plus(settings.pathsFreshFor()).isBefore(now)) {
            s = new Snapshot(read(), now);
            snapshot = s;
        }
        return s.paths();
    }

    /** Forgets the cached paths (a node changed, or a test wants the database's view at once). */
    public void refresh() {
        snapshot = null;
    }

    public boolean any() {
        return !all().isEmpty();
    }

    /** The models served now, each once, in path order (a node's {@code x:latest} listed as reported). */
    public List<Model> models() {
        Map<String, Model> out = new LinkedHashMap<>();
        for (InferencePath p : all()) {
            for (String m : p.models().stream().sorted().toList()) {
                out.putIfAbsent(m, new Model(m, p.nodeId() == null ? "external" : p.name()));
            }
        }
        return List.copyOf(out.values());
    }

    /** The model for a request: the one named, else the configured default, else the first served. */
    public Optional<String> resolve(String requested) {
        if (requested != null && !requested.isBlank()) {
            return Optional.of(requested.strip());
        }
        if (settings.defaultModel() != null && !settings.defaultModel().isBlank()) {
            return Optional.of(settings.defaultModel().strip());
        }
        return models().stream().map(Model::id).findFirst();
    }

    /** The paths that serve the model, the least loaded node first, the external provider last. */
    public List<InferencePath> serving(String model) {
        List<InferencePath> nodes = new ArrayList<>();
        List<InferencePath> external = new ArrayList<>();
        for (InferencePath p : all()) {
            if (p.serves(model)) {
                (p.nodeId() == null ? external : nodes).add(p);
            }
        }
        nodes.sort(Comparator.comparingInt(p -> load(p.name())));
        nodes.addAll(external);
        return nodes;
    }

    /** Counts a request on a path until the returned handle is closed. */
    public AutoCloseable begin(InferencePath path) {
        AtomicInteger n = inFlight.computeIfAbsent(path.name(), k -> new AtomicInteger());
        n.incrementAndGet();
        return n::decrementAndGet;
    }

    private int load(String name) {
        AtomicInteger n = inFlight.get(name);
        return n == null ? 0 : n.get();
    }

    private List<InferencePath> read() {
        List<InferencePath> paths = new ArrayList<>(jdbc
                .sql("""
                        select n.id, n.slug, c.worker_api_url, c.bearer_token_enc, n.inference_models::text as models,
                               n.worker_cert_sha256
                        from nodes n
                        join node_configs c on c.node_id = n.id and c.version = n.applied_config_version
                        where n.status = 'active' and c.worker_api_url is not null
                          and n.last_seen_at > now() - make_interval(secs => :unreachable)
                          and c.bearer_token_enc is not null and c.token_expires_at > now()
                          and (c.payload -> 'inference_backend' ->> 'enabled') = 'true'
                          and jsonb_array_length(n.inference_models) > 0
                        order by n.slug""")
                .param("unreachable", liveness.unreachableSeconds())
                .query((rs, i) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String slug = rs.getString("slug");
                    String url = rs.getString("worker_api_url").replaceAll("/+$", "") + InferencePath.WORKER_RELAY;
                    Set<String> models = modelIds(rs.getString("models"));
                    String pin = url.startsWith("https:") ? rs.getString("worker_cert_sha256") : null;
                    return cipher.decrypt(rs.getBytes("bearer_token_enc"))
                            .map(token -> new InferencePath("node:" + slug, id, url, token, models, pin));
                })
                .list()
                .stream()
                .flatMap(Optional::stream)
                .toList());
        if (settings.externalConfigured()) {
            paths.add(new InferencePath(
                    InferencePath.EXTERNAL,
                    null,
                    settings.externalBaseUrl().replaceAll("/+$", ""),
                    settings.externalApiKey(),
                    new LinkedHashSet<>(settings.externalModels())));
        }
        return List.copyOf(paths);
    }

    private static Set<String> modelIds(String json) {
        Set<String> ids = new LinkedHashSet<>();
        for (var m : Json.mapper().readTree(json)) {
            String id = m.path("id").asString("");
            if (!id.isEmpty() && m.path("loaded").asBoolean(true)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
