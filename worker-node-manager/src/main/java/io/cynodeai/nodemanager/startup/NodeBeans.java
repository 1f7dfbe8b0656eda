package io.cynodeai.nodemanager.startup;

import io.cynodeai.nodemanager.nodeyaml.NodeYaml;
import io.cynodeai.nodemanager.nodeyaml.NodeYamlLoader;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import io.cynodeai.nodemanager.securestore.SecureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every role of the node shares: its YAML and state directory, its secure store, its orchestrator client. */
@Configuration(proxyBeanMethods = false)
class NodeBeans {
    private static final Logger log = LoggerFactory.getLogger(NodeBeans.class);

    @Bean
    NodeHome nodeHome(ApplicationArguments args, NodeSettings settings) throws IOException {
        String path =
                args.containsOption("config") ? args.getOptionValues("config").getFirst() : settings.config();
        var loaded = NodeYamlLoader.load(Path.of(path));
        loaded.unknownKeys().forEach(k -> log.warn("node YAML: unknown key '{}' is ignored", k));
        NodeYaml yaml = loaded.yaml();
        Path stateDir = Path.of(yaml.storage().stateDir()).toAbsolutePath();
        Files.createDirectories(stateDir.resolve("logs"));
        return new NodeHome(yaml, stateDir);
    }

    @Bean
    SecureStore secureStore(NodeHome home, NodeSettings settings) {
        return new SecureStore(home.stateDir(), settings.tokenGrace());
    }

    @Bean
    OrchestratorClient orchestratorClient(NodeHome home, SecureStore store) throws java.io.IOException {
        var o = home.yaml().orchestrator();
        List<String> urls = new java.util.ArrayList<>(List.of(o.url()));
        urls.addAll(o.alternateUrls());
        return new OrchestratorClient(
                urls,
                Duration.ofSeconds(o.timeouts().connectSeconds()),
                Duration.ofSeconds(o.timeouts().requestSeconds()),
                orchestratorCa(o, store));
    }

    /**
     * What the node verifies the orchestrator with: the CA an earlier bootstrap named, else the
     * YAML's {@code orchestrator.ca_file} (for the first registration), else the JVM's trusted CAs.
     */
    static String orchestratorCa(NodeYaml.Orchestrator o, SecureStore store) throws java.io.IOException {
        var stored = store.orchestratorCa();
        if (stored.isPresent()) {
            return stored.get();
        }
        return o.caFile() == null ? null : java.nio.file.Files.readString(java.nio.file.Path.of(o.caFile()));
    }
}
