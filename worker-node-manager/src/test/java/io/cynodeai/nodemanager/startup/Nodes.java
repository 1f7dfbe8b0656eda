package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.nodemanager.nodeyaml.NodeYamlLoader;
import java.nio.file.Path;
import java.time.Duration;

/** A node's YAML, configuration and bootstrap for unit tests of the startup roles. */
final class Nodes {
    private Nodes() {}

    /** A node's YAML; {@code extraYaml} may give the orchestrator block (a YAML key appears once). */
    static NodeHome home(Path stateDir, String extraYaml) {
        String orchestrator = extraYaml.startsWith("orchestrator:") ? "" : "orchestrator:\n  url: http://127.0.0.1:1\n";
        var yaml = NodeYamlLoader.parse(("""
                        version: 1
                        %snode:
                          id: node-01
                        storage:
                          state_dir: %s
                        """.formatted(orchestrator, stateDir) + extraYaml))
                .yaml();
        return new NodeHome(yaml, stateDir);
    }

    static NodeSettings settings() {
        return new NodeSettings("/dev/null", "", Duration.ofSeconds(60), Duration.ofSeconds(2));
    }

    static NodeConfigurationPayload config(String version, String slug, Boolean dynamic, Integer poll) {
        return Json.read("""
                {"version":1,"config_version":"%s","issued_at":"2026-11-24T10:00:00Z","node_slug":"%s",
                 "orchestrator":{"base_url":"http://127.0.0.1:1","endpoints":{"worker_api_target_url":"http://127.0.0.1:2",
                   "node_report_url":"http://127.0.0.1:1/v1/nodes/capability"}},
                 "sandbox_registry":{"registry_url":"local"},"model_cache":{"cache_url":"local"},
                 "policy":{"sandbox":{"allowed_images":["cynode-sandbox:latest"],"default_network_policy":"none"},
                   "updates":{"enable_dynamic_config":%s,"poll_interval_seconds":%s}},
                 "worker_api":{"orchestrator_bearer_token":"s3cr3t-token-value",
                   "orchestrator_bearer_token_expires_at":"2026-11-25T10:00:00Z"},
                 "constraints":{"max_request_bytes":10485760,"max_job_timeout_seconds":3600}}""".formatted(version, slug, dynamic, poll), NodeConfigurationPayload.class);
    }

    static NodeBootstrapPayload bootstrap(String issuedAt, String expiresAt) {
        return bootstrap(issuedAt, expiresAt, null);
    }

    /** A bootstrap that carries a node credential (an enrollment or a rotation), or none. */
    static NodeBootstrapPayload bootstrap(String issuedAt, String expiresAt, String credential) {
        String auth = credential == null ? "" : ",\"node_credential\":\"" + credential + "\"";
        return Json.read("""
                {"version":1,"issued_at":"%s","orchestrator":{"base_url":"http://127.0.0.1:1","endpoints":{
                  "worker_registration_url":"http://127.0.0.1:1/v1/nodes/register",
                  "node_config_url":"http://127.0.0.1:1/v1/nodes/config",
                  "node_report_url":"http://127.0.0.1:1/v1/nodes/capability"}},
                 "auth":{"node_jwt":"jwt","expires_at":"%s"%s},"initial_config_version":"1"}""".formatted(issuedAt, expiresAt, auth), NodeBootstrapPayload.class);
    }
}
