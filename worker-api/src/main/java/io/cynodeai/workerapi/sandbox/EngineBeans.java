package io.cynodeai.workerapi.sandbox;

import io.cynodeai.engine.DockerEngines;
import io.cynodeai.workerapi.policy.NodePolicy;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine the node's YAML names ({@code cynode.sandbox.docker-host}), else the one found; the task workspaces. */
@Configuration(proxyBeanMethods = false)
class EngineBeans {

    @Bean(destroyMethod = "")
    Engine engine(NodePolicy policy) {
        String configured = policy.local().dockerHost();
        String host = configured == null || configured.isBlank() ? DockerEngines.discoverHost() : configured;
        return new Engine(host, DockerEngines.client(host, 64));
    }

    @Bean
    WorkspaceFiles workspaceFiles(NodePolicy policy) {
        return new WorkspaceFiles(Path.of(policy.local().workspaceRoot()));
    }

    @Bean
    Workspaces workspaces(NodePolicy policy, Clock clock) {
        var local = policy.local();
        return new Workspaces(
                Path.of(local.workspaceRoot()),
                local.user(),
                local.maxWorkspace().toBytes(),
                local.workspaceRetention(),
                clock,
                new LoopFilesystems());
    }
}
