package io.cynodeai.nodemanager.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
    static final Map<String, String> PARENT = Map.of(
            "PATH", "/usr/bin:/bin",
            "CONTAINERS_CONF", "/etc/c.conf",
            "CYNODE_NODE_REGISTRATION_PSK", "psk-value",
            // a secret by a name no deny-list would guess
            "DATABASE_URL", "postgres://u:hunter2@db/x",
            "AWS_SESSION_CREDENTIALS", "s3cr3t",
            "CYNODE_ENGINE_NICE", "10");

    @Test
    void aChildInheritsOnlyTheAllowListedNamesAndWhatItIsGiven() {
        assertThat(ChildEnvironment.of(PARENT, Map.of("CYNODE_STATE_DIR", "/s")))
                .containsOnly(
                        Map.entry("PATH", "/usr/bin:/bin"),
                        Map.entry("CONTAINERS_CONF", "/etc/c.conf"),
                        Map.entry("CYNODE_STATE_DIR", "/s"));
    }

    @Test
    void aRealChildSeesNoOtherVariable() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("env");
        pb.environment().put("CYNODE_TEST_SECRET", "must-not-pass");
        Process p = ChildEnvironment.apply(pb, Map.of("GIVEN", "yes")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(out).contains("GIVEN=yes").doesNotContain("must-not-pass");
        for (String line : out.strip().split("\n")) {
            String name = line.substring(0, line.indexOf('='));
            assertThat(ChildEnvironment.INHERITED.contains(name) || name.equals("GIVEN"))
                    .as(name)
                    .isTrue();
        }
    }
}
