package io.cynodeai.gateway.task;

import io.cynodeai.jobs.TaskEnds;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The gateway waits for tasks to end (the result's long-poll), and followers for a task's next live event. */
@Configuration(proxyBeanMethods = false)
class TaskEndsConfiguration {

    @Bean
    @Primary
    TaskEnds taskEnds(DataSource dataSource) {
        return new TaskEnds(dataSource);
    }

    @Bean
    TaskEnds taskEventWakeups(DataSource dataSource) {
        return TaskEnds.events(dataSource);
    }
}
