package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.nodemanager.capability.CapabilityCollector;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Brings the node up in the order of phase 1 section 4 — YAML ({@link NodeBeans}), capabilities,
 * registration with the PSK, configuration from the bootstrap's {@code node_config_url}, secrets
 * to the secure store, engine, worker-api, inference container, acknowledgement — then hands the
 * node to its {@link Upkeep} and {@link Heartbeat}.
 */
@Component
class NodeStartup implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(NodeStartup.class);

    private final NodeHome home;
    private final Registration registration;
    private final ConfigApplier configs;
    private final LocalServices services;
    private final Upkeep upkeep;
    private final Heartbeat heartbeat;

    NodeStartup(
            NodeHome home,
            Registration registration,
            ConfigApplier configs,
            LocalServices services,
            Upkeep upkeep,
            Heartbeat heartbeat) {
        this.heartbeat = heartbeat;
        this.home = home;
        this.registration = registration;
        this.configs = configs;
        this.services = services;
        this.upkeep = upkeep;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        NodeCapabilityReport capability = CapabilityCollector.collect(home.yaml(), home.stateDir());
        registration.atStart(capability);
        NodeConfigurationPayload config = configs.fetch();
        try {
            configs.store(config);
            services.start(config, capability);
        } catch (IOException | RuntimeException e) {
            configs.failed(config, e.getMessage());
            throw new NodeStartupFailed("the node could not apply its configuration", e);
        }
        configs.applied(config);
        upkeep.start(capability);
        heartbeat.start();
        log.info(
                "node {} is up: configuration version {} applied, worker-api on {}",
                home.yaml().node().id(),
                config.configVersion(),
                home.yaml().workerApi().publicBaseUrl());
    }
}
