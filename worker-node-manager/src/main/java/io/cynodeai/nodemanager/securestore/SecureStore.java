package io.cynodeai.nodemanager.securestore;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.localstate.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's secrets and the files worker-api reads: the node credential ({@code
 * secrets/node-credential}, the node's proof of identity to the control plane), the Worker API
 * token ({@code secrets/worker-token.json}, the secret) and the orchestrator's sandbox policy
 * ({@code worker-policy.json}, no secret). Each is written
 * to a temporary owner-only file and moved into place, so a reader sees the old or the new one.
 */
public final class SecureStore {
    private final Path tokenFile;
    private final Path policyFile;
    private final Path credentialFile;
    private final Path orchestratorCaFile;

    private final Duration grace;

    public SecureStore(Path stateDir) {
        this(stateDir, Duration.ofSeconds(60));
    }

    /** @param grace how long a replaced token is still accepted */
    public SecureStore(Path stateDir, Duration grace) {
        this.tokenFile = stateDir.resolve("secrets").resolve("worker-token.json");
        this.policyFile = stateDir.resolve("worker-policy.json");
        this.credentialFile = stateDir.resolve("secrets").resolve("node-credential");
        this.orchestratorCaFile = stateDir.resolve("secrets").resolve("orchestrator-ca.pem");
        this.grace = grace;
    }

    /** The node credential the control plane issued at enrollment (nodes.md §1); empty before. */
    public Optional<String> nodeCredential() throws IOException {
        return read(credentialFile).map(String::strip).filter(c -> !c.isEmpty());
    }

    /** Keeps a newly issued node credential: replaced atomically, so a crash leaves the old or the new one. */
    public void storeNodeCredential(String credential) throws IOException {
        write(credentialFile, credential);
    }

    /** The CA a bootstrap named for the orchestrator (nodes.md §1), trusted for it from then on; empty before. */
    public Optional<String> orchestratorCa() throws IOException {
        return read(orchestratorCaFile).filter(c -> !c.isBlank());
    }

    /** Keeps the CA the bootstrap names, replaced atomically. */
    public void storeOrchestratorCa(String pem) throws IOException {
        write(orchestratorCaFile, pem);
    }

    private Optional<String> previousToken() {
        try {
            return read(tokenFile)
                    .map(json -> Json.mapper().readTree(json).get("token"))
                    .map(n -> n.asString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public Path tokenFile() {
        return tokenFile;
    }

    public Path policyFile() {
        return policyFile;
    }

    /** What was there before an update, to roll back to. */
    public record Snapshot(Optional<String> token, Optional<String> policy) {
        @Override
        public String toString() {
            return "Snapshot[<redacted>]";
        }
    }

    public Snapshot snapshot() throws IOException {
        return new Snapshot(read(tokenFile), read(policyFile));
    }

    public void restore(Snapshot s) throws IOException {
        if (s.token().isPresent()) {
            write(tokenFile, s.token().get());
        }
        if (s.policy().isPresent()) {
            write(policyFile, s.policy().get());
        }
    }

    /** Writes the token and policy of a configuration. */
    public void apply(NodeConfigurationPayload config) throws IOException {
        var api = config.workerApi();
        if (api == null || api.orchestratorBearerToken() == null) {
            throw new IOException("the configuration carries no Worker API token");
        }
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("token", api.orchestratorBearerToken());
        Instant expires = api.orchestratorBearerTokenExpiresAt();
        if (expires != null) {
            token.put("expires_at", expires.toString());
        }
        // The token being replaced stays valid a little longer: the control plane keeps using it
        // until it has recorded this node's ack of the new version.
        previousToken()
                .filter(previous -> !previous.equals(api.orchestratorBearerToken()))
                .ifPresent(previous -> {
                    token.put("previous_token", previous);
                    token.put("previous_valid_until", Instant.now().plus(grace).toString());
                });
        Map<String, Object> policy = new LinkedHashMap<>();
        var sandbox = config.policy() == null ? null : config.policy().sandbox();
        policy.put(
                "allowed_images",
                sandbox == null || sandbox.allowedImages() == null ? List.of() : sandbox.allowedImages());
        policy.put("default_network_policy", sandbox == null ? null : sandbox.defaultNetworkPolicy());
        if (config.constraints() != null) {
            policy.put("max_request_bytes", config.constraints().maxRequestBytes());
            policy.put("max_job_timeout_seconds", config.constraints().maxJobTimeoutSeconds());
        }
        policy.put("config_version", config.configVersion());
        write(policyFile, Json.write(policy));
        write(tokenFile, Json.write(token));
    }

    private static Optional<String> read(Path file) throws IOException {
        return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    static void write(Path file, String content) throws IOException {
        StateDir.writeOwnerOnly(file, content);
    }
}
