package io.cynodeai.jobs;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The lifecycle for every service that has this module: {@link JobLifecycle} (all writes) and
 * {@link TaskReads}. A service that waits for tasks to end declares a {@link TaskEnds} itself.
 */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
@EnableConfigurationProperties(TasksSettings.class)
public class JobsAutoConfiguration {

    @Bean
    JobLifecycle jobLifecycle(JdbcClient jdbc, TasksSettings settings) {
        return new JobLifecycle(jdbc, settings.limits());
    }

    @Bean
    TaskReads taskReads(JdbcClient jdbc) {
        return new TaskReads(jdbc);
    }

    @Bean
    TaskEvents taskEvents(JdbcClient jdbc) {
        return new TaskEvents(jdbc);
    }
}
