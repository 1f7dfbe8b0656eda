package io.cynodeai.jobs;

import io.cynodeai.jobs.files.BlobStore;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.FilesSettings;
import io.cynodeai.jobs.files.PgLargeObjects;
import io.cynodeai.jobs.files.S3Blobs;
import io.cynodeai.jobs.files.TaskFiles;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The lifecycle for every service that has this module: {@link JobLifecycle} (all writes) and
 * {@link TaskReads}. A service that waits for tasks to end declares a {@link TaskEnds} itself.
 */
@AutoConfiguration(after = {JdbcClientAutoConfiguration.class, TransactionAutoConfiguration.class})
@EnableConfigurationProperties({TasksSettings.class, FilesSettings.class, NodeLiveness.class})
public class JobsAutoConfiguration {

    @Bean
    JobLifecycle jobLifecycle(JdbcClient jdbc, TasksSettings settings, NodeLiveness liveness) {
        return new JobLifecycle(jdbc, settings.limits(liveness));
    }

    @Bean
    TaskReads taskReads(JdbcClient jdbc) {
        return new TaskReads(jdbc);
    }

    @Bean
    TaskRetention taskRetention(JdbcClient jdbc) {
        return new TaskRetention(jdbc);
    }

    @Bean
    PgLargeObjects pgLargeObjects(DataSource dataSource) {
        return new PgLargeObjects(dataSource);
    }

    @Bean
    Blobs blobs(FilesSettings settings, List<BlobStore> stores, JdbcClient jdbc) {
        BlobStore target = stores.stream()
                .filter(s -> s.scheme().equals(settings.store().equals("s3") ? S3Blobs.SCHEME : PgLargeObjects.SCHEME))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("cynode.files.store=" + settings.store()
                        + " but no such store is configured (cynode.files.s3.bucket)"));
        return new Blobs(target, stores, settings.grace(), jdbc);
    }

    /** An S3-compatible bucket for task files, when one is named. */
    @Bean
    @ConditionalOnExpression("'${cynode.files.s3.bucket:}' != ''")
    S3Blobs s3Blobs(FilesSettings settings, JdbcClient jdbc) {
        return new S3Blobs(settings.s3(), jdbc);
    }

    @Bean
    TaskFiles taskFiles(JdbcClient jdbc, JobLifecycle lifecycle, TransactionOperations tx) {
        return new TaskFiles(jdbc, lifecycle, tx);
    }

    @Bean
    TaskEvents taskEvents(JdbcClient jdbc) {
        return new TaskEvents(jdbc);
    }
}
