package io.cynodeai.nodemanager.nodeyaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeYamlLoaderTest {
    static final String MINIMAL = """
            version: 1
            orchestrator:
              url: http://127.0.0.1:12082
            node:
              id: node-01
            """;

    @Test
    void appliesDefaultsToAMinimalFile() {
        NodeYaml y = NodeYamlLoader.parse(MINIMAL).yaml();
        assertThat(y.orchestrator().registrationPskEnv()).isEqualTo("CYNODE_NODE_REGISTRATION_PSK");
        assertThat(y.workerApi().listenPort()).isEqualTo(12090);
        assertThat(y.workerApi().publicBaseUrl()).isEqualTo("http://127.0.0.1:12090");
        assertThat(y.sandbox().defaultNetworkPolicy()).isEqualTo("none");
        assertThat(y.sandbox().resources().maxPids()).isEqualTo(256);
        assertThat(y.inference().mode()).isEqualTo("allow");
        assertThat(y.inferenceAllowed()).isTrue();
        assertThat(y.updates().pollIntervalSeconds()).isEqualTo(30);
    }

    @Test
    void reportsUnknownKeysWithTheirPath() {
        var loaded = NodeYamlLoader.parse(MINIMAL + "colour: blue\nsandbox:\n  resources:\n    max_gpus: 2\n");
        assertThat(loaded.unknownKeys()).containsExactlyInAnyOrder("colour", "sandbox.resources.max_gpus");
    }

    @Test
    void refusesInvalidValuesNamingTheKey() {
        assertRefused(MINIMAL + "worker_api:\n  listen_port: 70000\n", "worker_api.listen_port");
        assertRefused(MINIMAL + "sandbox:\n  default_network_policy: host\n", "sandbox.default_network_policy");
        assertRefused(MINIMAL + "sandbox:\n  resources:\n    max_memory_mb: 0\n", "sandbox.resources.max_memory_mb");
        assertRefused(MINIMAL + "inference:\n  mode: maybe\n", "inference.mode");
        assertRefused(MINIMAL + "sandbox:\n  mode: sandbox_only\ninference:\n  mode: require\n", "inference.mode");
        assertRefused(MINIMAL.replace("version: 1", "version: 2"), "version");
        assertRefused(MINIMAL.replace("id: node-01", "id: Node 01"), "node.id");
        assertRefused(MINIMAL.replace("http://127.0.0.1:12082", "ftp://x"), "orchestrator.url");
        assertRefused(
                MINIMAL + "sandbox:\n  timeouts:\n    default_seconds: 100\n    max_seconds: 10\n",
                "sandbox.timeouts.default_seconds");
        assertRefused(MINIMAL + "worker_api:\n  listen_port: lots\n", "wrong type");
        assertRefused("- just\n- a list\n", "mapping");
    }

    @Test
    void theComposeNodesYamlIsValidAndFullyKnown() {
        var loaded = NodeYamlLoader.load(java.nio.file.Path.of("../dev/compose/node.yaml"));
        assertThat(loaded.unknownKeys()).isEmpty();
        assertThat(loaded.yaml().workerApi().publicBaseUrl()).isEqualTo("http://node:12090");
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanOneOfThemIgnored() {
        assertRefused(MINIMAL + "node:\n  id: node-02\n", "not valid YAML");
    }

    @Test
    void defaultsThatDependOnAnotherKeyFollowIt() {
        NodeYaml y = NodeYamlLoader.parse(MINIMAL + "worker_api:\n  listen_host: 0.0.0.0\n  listen_port: 9000\n"
                        + "storage:\n  state_dir: /srv/node\norchestrator_extra: 1\n")
                .yaml();
        assertThat(y.workerApi().publicBaseUrl()).isEqualTo("http://127.0.0.1:9000");
        assertThat(y.storage().cacheDir()).isEqualTo("/srv/node/cache");
        assertThat(y.node().name()).isEqualTo("node-01");
        assertThat(NodeYamlLoader.parse(MINIMAL + "orchestrator_extra: 1\n").unknownKeys())
                .containsExactly("orchestrator_extra");
    }

    @Test
    void sandboxOnlyAndDisabledNodesNeverRunInference() {
        assertThat(NodeYamlLoader.parse(MINIMAL + "sandbox:\n  mode: sandbox_only\n")
                        .yaml()
                        .inferenceAllowed())
                .isFalse();
        assertThat(NodeYamlLoader.parse(MINIMAL + "inference:\n  mode: disabled\n")
                        .yaml()
                        .inferenceAllowed())
                .isFalse();
    }

    private static void assertRefused(String yaml, String key) {
        assertThatThrownBy(() -> NodeYamlLoader.parse(yaml))
                .isInstanceOf(InvalidNodeYaml.class)
                .hasMessageContaining(key);
    }
}
