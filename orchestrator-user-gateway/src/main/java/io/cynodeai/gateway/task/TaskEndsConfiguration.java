package io.cynodeai.gateway.task;

import io.cynodeai.jobs.TaskEnds;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway waits for tasks to end (the result's long-poll). */
@Configuration(proxyBeanMethods = false)
class TaskEndsConfiguration {

    @Bean
    TaskEnds taskEnds(DataSource dataSource) {
        return new TaskEnds(dataSource);
    }
}
