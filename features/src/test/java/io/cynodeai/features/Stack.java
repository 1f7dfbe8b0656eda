package io.cynodeai.features;

import io.cynodeai.testsupport.TestEngine;
import io.cynodeai.testsupport.TestHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real single-node stack, started once for all features with the operator's own
 * {@code dev/up.sh} (embedded PostgreSQL, control plane, gateway, node manager → worker-api) on
 * ports of its own and a state dir under {@code target/}, and stopped with {@code dev/down.sh}.
 */
final class Stack {
    static final int GATEWAY = 13080;
    static final int CONTROL_PLANE = 13082;
    static final int WORKER = 13090;
    static final int DB = 15432;
    static final int INFERENCE_PORT = 13434;
    /**
     * {@code CYNODE_TLS=1} runs the stack over TLS ({@code dev/up.sh}: the orchestrator services
     * serve HTTPS with a certificate of a CA made for the run), and every feature with it.
     */
    static final boolean TLS = "1".equals(System.getenv("CYNODE_TLS"));

    static final String SCHEME = TLS ? "https" : "http";
    static final String INFERENCE_STANDIN = "cynode-inference-standin:latest";
    static final Path STATE = Path.of("target/e2e-state").toAbsolutePath();

    /**
     * How many nodes and control-plane replicas the stack runs ({@code CYNODE_NODES}, {@code
     * CYNODE_CONTROL_PLANES}): node 1 is {@code e2e-node} on loopback; nodes 2..N are {@code
     * e2e-node-I}, sandboxes only, each in a network namespace of its own (as root), node 2
     * labelled {@code zone:a}, node 3 {@code zone:b}, all of them {@code pool:extra}.
     */
    record Shape(int nodes, int controlPlanes) {
        static final Shape SINGLE = new Shape(1, 1);
    }

    private static Shape up;
    private static boolean hooked;

    private Stack() {}

    static void ensureUp() {
        ensureUp(Shape.SINGLE);
    }

    /** The stack with this shape: started if it is not up, restarted if it is up with another. */
    static synchronized void ensureUp(Shape shape) {
        if (shape.equals(up)) {
            return;
        }
        up = shape;
        script("down.sh");
        script("inference-standin-image.sh");
        try {
            script("up.sh");
        } catch (IllegalStateException e) {
            script("down.sh"); // what it started before it failed (the database) must not outlive the run
            up = null;
            throw e;
        }
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("down.sh")));
        }
    }

    /** Stops the stack; the node must have stopped its inference container itself. */
    static synchronized void down() {
        if (up != null) {
            script("down.sh");
            up = null;
            List<String> left = inferenceContainers();
            if (!left.isEmpty()) {
                throw new IllegalStateException("the node left its inference container behind: " + left);
            }
        }
    }

    static List<String> inferenceContainers() {
        String out = TestEngine.podman("ps", "-a", "-q", "--filter", "label=io.cynode.inference=true");
        return out.isBlank() ? List.of() : List.of(out.strip().split("\\s+"));
    }

    /** Where the node's inference container answers: its address on its internal network. */
    static String inferenceUrl() {
        String address = TestEngine.podman(
                        "inspect",
                        "--format",
                        "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                        inferenceContainers().getFirst())
                .strip();
        return "http://" + address + ":11434";
    }

    /** The run's CA (made by {@code dev/tls.sh} under the state dir), or null without TLS. */
    static Path caFile() {
        return TLS ? STATE.resolve("tls/ca.pem") : null;
    }

    private static javax.net.ssl.SSLContext tls() {
        return TLS ? TestHttp.trusting(caFile()) : null;
    }

    /** A node YAML for this stack: its orchestrator part, then {@code rest} (the node's own settings). */
    static String nodeYaml(String rest) {
        return "version: 1\n"
                + orchestratorYaml(STATE.resolve("secrets/registration_psk").toString()) + rest;
    }

    /** What a node YAML says of the orchestrator: its URL, and the CA to verify it with under TLS. */
    static String orchestratorYaml(String pskFile) {
        return "orchestrator:\n  url: " + SCHEME + "://127.0.0.1:" + CONTROL_PLANE + "\n  registration_psk_file: "
                + pskFile + "\n" + (TLS ? "  ca_file: " + caFile() + "\n" : "");
    }

    static TestHttp gateway() {
        return new TestHttp(SCHEME + "://127.0.0.1:" + GATEWAY, tls());
    }

    static TestHttp controlPlane() {
        return new TestHttp(SCHEME + "://127.0.0.1:" + CONTROL_PLANE, tls());
    }

    static TestHttp worker() {
        // under TLS, the certificate the node made for its Worker API (self-signed: trusted as itself)
        return new TestHttp(
                SCHEME + "://127.0.0.1:" + WORKER,
                TLS ? TestHttp.trusting(STATE.resolve("node/secrets/worker-tls/cert.pem")) : null);
    }

    static String adminPassword() {
        return read(STATE.resolve("secrets/bootstrap_admin_password"));
    }

    static String log(String module) {
        return read(STATE.resolve("logs/" + module + ".log"));
    }

    /** Every secret of the run: generated keys and passwords, the node's credential and its Worker API token. */
    static List<String> secrets() {
        try (var files = Files.list(STATE.resolve("secrets"))) {
            var all = new java.util.ArrayList<>(files.filter(Files::isRegularFile)
                    .map(Stack::read)
                    .filter(s -> s.length() >= 16)
                    .toList());
            var token = io.cynodeai.contracts.json.Json.mapper()
                    .readTree(read(STATE.resolve("node/secrets/worker-token.json")))
                    .get("token")
                    .asString();
            all.add(token);
            all.add(read(STATE.resolve("node/secrets/node-credential")).strip());
            return all;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** {@code dev/node.sh VERB I} against this stack (kill, pause, resume, cut, mend, stop, start). */
    static void node(String verb, int i) {
        if (script("node.sh", verb, Integer.toString(i)) != 0) {
            throw new IllegalStateException("dev/node.sh " + verb + " " + i + " failed");
        }
    }

    /** The pid {@code dev/up.sh} recorded for a process it started, e.g. {@code orchestrator-control-plane-2}. */
    static long pid(String name) {
        return Long.parseLong(read(STATE.resolve("run/" + name + ".pid")));
    }

    private static int script(String name, String... args) {
        Path repo = TestEngine.repoRoot();
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", repo.resolve("dev").resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("CYNODE_STATE_DIR", STATE.toString());
        env.put("USER_GATEWAY_PORT", Integer.toString(GATEWAY));
        env.put("CONTROL_PLANE_PORT", Integer.toString(CONTROL_PLANE));
        env.put("WORKER_API_PORT", Integer.toString(WORKER));
        env.put("CYNODE_DB_PORT", Integer.toString(DB));
        if (TLS) {
            env.put("CYNODE_TLS", "1");
        }
        env.put("CYNODE_NODE_ID", "e2e-node");
        Shape shape = up == null ? Shape.SINGLE : up;
        env.put("CYNODE_NODES", Integer.toString(shape.nodes()));
        env.put("CYNODE_CONTROL_PLANES", Integer.toString(shape.controlPlanes()));
        env.put("CYNODE_NODE_LABELS_2", "pool:extra,zone:a");
        env.put("CYNODE_NODE_LABELS_3", "pool:extra,zone:b");
        // Rotate the Worker API token every ~15 s, so every feature runs across rotations.
        env.put("CYNODE_NODECONFIG_TOKENTTL", "60s");
        env.put("CYNODE_NODECONFIG_TOKENROTATEBEFORE", "45s");
        env.put("CYNODE_NODE_TOKEN_GRACE", "5s");
        env.put("CYNODE_NODE_POLL_SECONDS", "3");
        // Node-local inference path: the Ollama stand-in (no Ollama image can be had here).
        env.put("CYNODE_INFERENCE_IMAGE", INFERENCE_STANDIN);
        env.put("CYNODE_NODECONFIG_INFERENCEPORT", Integer.toString(INFERENCE_PORT));
        env.remove("SPRING_DATASOURCE_URL");
        try {
            Process p = pb.start();
            int code = p.waitFor();
            if (code != 0 && name.equals("up.sh")) {
                throw new IllegalStateException("dev/up.sh failed; see " + STATE.resolve("logs"));
            }
            return code;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
