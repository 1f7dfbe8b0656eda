package io.cynodeai.inference;

import io.cynodeai.jobs.NodeLiveness;
import io.cynodeai.localstate.StateDir;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The inference paths, their clients and the router, for every orchestrator service. */
@AutoConfiguration
@EnableConfigurationProperties({InferenceSettings.class, WorkerTokenKey.class, NodeLiveness.class})
public class InferenceAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TokenCipher workerTokenCipher(WorkerTokenKey key) {
        return new TokenCipher(StateDir.secret(key.tokenEncryptionKey(), "worker_token_encryption_key", 32));
    }

    @Bean
    @ConditionalOnMissingBean
    InferencePaths inferencePaths(
            JdbcClient jdbc, TokenCipher cipher, InferenceSettings settings, NodeLiveness liveness) {
        return new InferencePaths(jdbc, cipher, settings, liveness, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ChatClients chatClients(InferenceSettings settings) {
        return new ChatClients(settings.totalTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    ChatRouter chatRouter(InferencePaths paths, ChatClients clients, InferenceSettings settings) {
        return new ChatRouter(paths, clients, settings);
    }
}
