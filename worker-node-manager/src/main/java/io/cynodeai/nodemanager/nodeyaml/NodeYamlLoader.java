package io.cynodeai.nodemanager.nodeyaml;

import io.cynodeai.contracts.json.Json;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the node YAML: unknown keys are reported, invalid values refused with the key's name. */
public final class NodeYamlLoader {
    private NodeYamlLoader() {}

    public record Loaded(NodeYaml yaml, List<String> unknownKeys) {}

    public static Loaded load(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new InvalidNodeYaml(
                    "node YAML: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text);
    }

    public static Loaded parse(String text) {
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new InvalidNodeYaml("node YAML: not valid YAML");
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new InvalidNodeYaml("node YAML: the document must be a mapping");
        }
        List<String> unknown = new ArrayList<>();
        unknownKeys(map, NodeYaml.class, "", unknown);
        NodeYaml raw;
        try {
            raw = Json.mapper().convertValue(map, NodeYaml.class);
        } catch (RuntimeException e) {
            throw new InvalidNodeYaml("node YAML: a value has the wrong type (" + firstLine(e.getMessage()) + ")");
        }
        return new Loaded(validate(withDefaults(raw)), unknown);
    }

    private static NodeYaml withDefaults(NodeYaml y) {
        var o = y.orchestrator() == null ? new NodeYaml.Orchestrator(null, null, null, null) : y.orchestrator();
        var ot = o.timeouts() == null ? new NodeYaml.Timeouts(null, null) : o.timeouts();
        var n = y.node() == null ? new NodeYaml.Node(null, null, null) : y.node();
        var w = y.workerApi() == null ? new NodeYaml.WorkerApi(null, null, null, null) : y.workerApi();
        var s = y.sandbox() == null
                ? new NodeYaml.Sandbox(null, null, null, null, null, null, null, null)
                : y.sandbox();
        var r = s.resources() == null ? new NodeYaml.Resources(null, null, null) : s.resources();
        var st = s.timeouts() == null ? new NodeYaml.SandboxTimeouts(null, null) : s.timeouts();
        var i = y.inference() == null ? new NodeYaml.Inference(null) : y.inference();
        var g = y.storage() == null ? new NodeYaml.Storage(null, null) : y.storage();
        var l = y.logging() == null ? new NodeYaml.Logging(null) : y.logging();
        var u = y.updates() == null ? new NodeYaml.Updates(null, null) : y.updates();
        String host = or(w.listenHost(), "127.0.0.1");
        int port = or(w.listenPort(), 12090);
        String state = or(g.stateDir(), "/var/lib/cynode");
        return new NodeYaml(
                or(y.version(), 1),
                new NodeYaml.Orchestrator(
                        o.url(),
                        o.registrationPskFile() == null
                                ? or(o.registrationPskEnv(), "CYNODE_NODE_REGISTRATION_PSK")
                                : o.registrationPskEnv(),
                        o.registrationPskFile(),
                        new NodeYaml.Timeouts(or(ot.connectSeconds(), 5), or(ot.requestSeconds(), 30))),
                new NodeYaml.Node(n.id(), or(n.name(), n.id()), n.labels() == null ? List.of() : n.labels()),
                new NodeYaml.WorkerApi(
                        host,
                        port,
                        or(w.publicBaseUrl(), "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port),
                        or(w.maxRequestBytes(), 10L * 1024 * 1024)),
                new NodeYaml.Sandbox(
                        or(s.mode(), "standard"),
                        or(s.runtime(), "podman"),
                        or(s.defaultImage(), "cynode-sandbox:latest"),
                        s.allowedImages() == null ? List.of() : s.allowedImages(),
                        or(s.defaultNetworkPolicy(), "none"),
                        new NodeYaml.Resources(
                                or(r.maxCpuCores(), 1.0), or(r.maxMemoryMb(), 512), or(r.maxPids(), 256)),
                        new NodeYaml.SandboxTimeouts(or(st.defaultSeconds(), 300), or(st.maxSeconds(), 3600)),
                        or(s.maxConcurrency(), 4)),
                new NodeYaml.Inference(or(i.mode(), "allow")),
                new NodeYaml.Storage(state, or(g.cacheDir(), state + "/cache")),
                new NodeYaml.Logging(or(l.level(), "info")),
                new NodeYaml.Updates(or(u.enableDynamicConfig(), true), or(u.pollIntervalSeconds(), 30)));
    }

    private static NodeYaml validate(NodeYaml y) {
        if (y.version() != 1) {
            throw InvalidNodeYaml.key("version", "must be 1");
        }
        url("orchestrator.url", y.orchestrator().url());
        if (y.node().id() == null || !y.node().id().matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw InvalidNodeYaml.key("node.id", "is required and must match [a-z0-9][a-z0-9._-]{0,62}");
        }
        if (y.workerApi().listenPort() < 1 || y.workerApi().listenPort() > 65535) {
            throw InvalidNodeYaml.key("worker_api.listen_port", "must be 1-65535");
        }
        url("worker_api.public_base_url", y.workerApi().publicBaseUrl());
        positive("worker_api.max_request_bytes", y.workerApi().maxRequestBytes());
        oneOf("sandbox.mode", y.sandbox().mode(), Set.of("standard", "sandbox_only"));
        oneOf("sandbox.runtime", y.sandbox().runtime(), Set.of("podman", "docker"));
        oneOf("sandbox.default_network_policy", y.sandbox().defaultNetworkPolicy(), Set.of("none", "restricted"));
        if (y.sandbox().resources().maxCpuCores() <= 0) {
            throw InvalidNodeYaml.key("sandbox.resources.max_cpu_cores", "must be positive");
        }
        positive("sandbox.resources.max_memory_mb", y.sandbox().resources().maxMemoryMb());
        positive("sandbox.resources.max_pids", y.sandbox().resources().maxPids());
        positive("sandbox.timeouts.default_seconds", y.sandbox().timeouts().defaultSeconds());
        positive("sandbox.timeouts.max_seconds", y.sandbox().timeouts().maxSeconds());
        if (y.sandbox().timeouts().defaultSeconds() > y.sandbox().timeouts().maxSeconds()) {
            throw InvalidNodeYaml.key(
                    "sandbox.timeouts.default_seconds", "must not exceed sandbox.timeouts.max_seconds");
        }
        positive("sandbox.max_concurrency", y.sandbox().maxConcurrency());
        oneOf("inference.mode", y.inference().mode(), Set.of("allow", "disabled", "require"));
        if (y.inference().required() && y.sandbox().sandboxOnly()) {
            throw InvalidNodeYaml.key("inference.mode", "cannot be 'require' on a sandbox_only node");
        }
        positive("updates.poll_interval_seconds", y.updates().pollIntervalSeconds());
        return y;
    }

    private static void unknownKeys(Map<?, ?> map, Class<?> type, String prefix, List<String> out) {
        RecordComponent[] components = type.getRecordComponents();
        for (var entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            RecordComponent match = null;
            for (RecordComponent c : components) {
                if (snake(c.getName()).equals(key)) {
                    match = c;
                }
            }
            if (match == null) {
                out.add(prefix + key);
            } else if (entry.getValue() instanceof Map<?, ?> child
                    && match.getType().isRecord()) {
                unknownKeys(child, match.getType(), prefix + key + ".", out);
            }
        }
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static void url(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (!Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            throw InvalidNodeYaml.key(key, "must be an http(s) URL");
        }
    }

    private static void positive(String key, Number value) {
        if (value.doubleValue() <= 0) {
            throw InvalidNodeYaml.key(key, "must be positive");
        }
    }

    private static void oneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw InvalidNodeYaml.key(
                    key, "must be one of " + allowed.stream().sorted().toList() + " (got '" + value + "')");
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
