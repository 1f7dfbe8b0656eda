package io.cynodeai.nodemanager.securestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureStoreTest {
    static final String CONFIG = """
            {"version":1,"config_version":"%s","issued_at":"2026-11-24T10:00:00Z","node_slug":"n1",
             "orchestrator":{"base_url":"http://cp","endpoints":{"worker_api_target_url":"http://w","node_report_url":"http://cp/r"}},
             "sandbox_registry":{"registry_url":"local"},"model_cache":{"cache_url":"local"},
             "policy":{"sandbox":{"allowed_images":["img:1"],"default_network_policy":"restricted"}},
             "worker_api":{"orchestrator_bearer_token":"%s","orchestrator_bearer_token_expires_at":"2030-01-01T00:00:00Z"},
             "constraints":{"max_request_bytes":2048,"max_job_timeout_seconds":60}}""";

    static NodeConfigurationPayload config(String version, String token) {
        return Json.read(CONFIG.formatted(version, token), NodeConfigurationPayload.class);
    }

    @Test
    void writesOwnerOnlyFilesWithTheTokenApartFromThePolicy(@TempDir Path dir) throws IOException {
        SecureStore store = new SecureStore(dir);
        store.apply(config("1", "token-one"));
        assertThat(Files.getPosixFilePermissions(store.tokenFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(store.tokenFile().getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(store.tokenFile())).contains("token-one").contains("2030-01-01T00:00:00Z");
        String policy = Files.readString(store.policyFile());
        assertThat(policy)
                .doesNotContain("token-one")
                .contains("img:1")
                .contains("restricted")
                .contains("2048");
        try (var files = Files.list(store.tokenFile().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("worker-token.json");
        }
    }

    @Test
    void rollsBackToTheSnapshot(@TempDir Path dir) throws IOException {
        SecureStore store = new SecureStore(dir);
        store.apply(config("1", "token-one"));
        var before = store.snapshot();
        store.apply(config("2", "token-two"));
        var rotated = Json.mapper().readTree(Files.readString(store.tokenFile()));
        assertThat(rotated.get("token").asString()).isEqualTo("token-two");
        assertThat(rotated.get("previous_token").asString())
                .as("grace for the replaced token")
                .isEqualTo("token-one");
        assertThat(rotated.has("previous_valid_until")).isTrue();
        store.restore(before);
        assertThat(Files.readString(store.tokenFile())).contains("token-one");
        assertThat(Files.readString(store.policyFile())).contains("\"config_version\":\"1\"");
        assertThat(before.toString()).doesNotContain("token-one");
    }

    @Test
    void refusesAConfigurationWithoutAToken(@TempDir Path dir) {
        var noToken = Json.read(
                CONFIG.formatted("1", "x").replace("\"orchestrator_bearer_token\":\"x\",", ""),
                NodeConfigurationPayload.class);
        assertThatThrownBy(() -> new SecureStore(dir).apply(noToken)).isInstanceOf(IOException.class);
    }
}
