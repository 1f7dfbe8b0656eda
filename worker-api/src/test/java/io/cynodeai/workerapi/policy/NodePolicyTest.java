package io.cynodeai.workerapi.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The image allow-list fails closed: what no list names does not run. */
class NodePolicyTest {
    @TempDir
    Path dir;

    static NodePolicy policy(Map<String, String> properties) {
        return new NodePolicy(new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("cynode.sandbox", SandboxSettings.class));
    }

    NodePolicy withPolicyFile(Path file, String localImages) {
        Map<String, String> p = new HashMap<>();
        p.put("cynode.sandbox.policy-file", file.toString());
        if (localImages != null) {
            p.put("cynode.sandbox.allowed-images", localImages);
        }
        return policy(p);
    }

    @Test
    void anImageTheOrchestratorListsRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), "{\"allowed_images\":[\"cynode-sandbox:latest\"]}");
        NodePolicy p = withPolicyFile(file, null);
        assertThat(p.imageAllowed("cynode-sandbox:latest")).isTrue();
        assertThat(p.imageAllowed("alpine:latest")).isFalse();
    }

    @Test
    void aMissingPolicyFileAllowsNothing() {
        assertThat(withPolicyFile(dir.resolve("not-written-yet.json"), null).imageAllowed("cynode-sandbox:latest"))
                .isFalse();
    }

    @Test
    void anUnreadablePolicyFileAllowsNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), "{\"allowed_images\":[\"cynode-sandbox:latest\"]}");
        NodePolicy p = withPolicyFile(file, null);
        Files.writeString(file, "{not json");
        assertThat(p.imageAllowed("cynode-sandbox:latest")).isFalse();
        Files.writeString(file, "{\"allowed_images\":[\"cynode-sandbox:latest\"]}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        // root reads what it may not: the permission trick holds only for other users
        boolean root = "root".equals(System.getProperty("user.name"));
        assertThat(p.imageAllowed("cynode-sandbox:latest")).isEqualTo(root);
    }

    @Test
    void aPolicyFileThatListsNoImageAllowsNothing() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.json"), "{\"allowed_images\":[]}");
        Path absent = Files.writeString(dir.resolve("absent.json"), "{\"default_network_policy\":\"none\"}");
        assertThat(withPolicyFile(empty, null).imageAllowed("cynode-sandbox:latest"))
                .isFalse();
        assertThat(withPolicyFile(absent, null).imageAllowed("cynode-sandbox:latest"))
                .isFalse();
    }

    @Test
    void theNodesOwnListCanOnlyNarrowTheOrchestrators() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), "{\"allowed_images\":[\"a:1\",\"b:1\"]}");
        NodePolicy p = withPolicyFile(file, "b:1,c:1");
        assertThat(p.imageAllowed("a:1")).isFalse();
        assertThat(p.imageAllowed("b:1")).isTrue();
        assertThat(p.imageAllowed("c:1")).isFalse();
    }

    @Test
    void withoutAPolicyFileOnlyTheNodesOwnListAllows() {
        assertThat(policy(Map.of()).imageAllowed("cynode-sandbox:latest")).isFalse();
        NodePolicy listed = policy(Map.of("cynode.sandbox.allowed-images", "cynode-sandbox:latest"));
        assertThat(listed.imageAllowed("cynode-sandbox:latest")).isTrue();
        assertThat(listed.imageAllowed("alpine:latest")).isFalse();
    }
}
