package io.cynodeai.jobs.files;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where task files are kept, and the limits on what a job leaves (tasks.md §5).
 *
 * @param store {@code pg} (PostgreSQL large objects, the default) or {@code s3} (the bucket of {@code s3})
 * @param grace how long a blob being written may stay unnamed before the sweep deletes it
 * @param artifactMaxFiles files collected from a job's {@code /workspace/out/} at most
 * @param artifactMaxBytes bytes collected from it at most
 * @param sweepEvery how often ended tasks past their retention, and blobs nothing names, are deleted
 */
@ConfigurationProperties("cynode.files")
public record FilesSettings(
        @DefaultValue("pg") String store,
        @DefaultValue("1h") Duration grace,
        @DefaultValue("64") int artifactMaxFiles,
        @DefaultValue("100MB") DataSize artifactMaxBytes,
        @DefaultValue S3 s3,
        @DefaultValue("1m") Duration sweepEvery) {

    public FilesSettings {
        if (!store.equals("pg") && !store.equals("s3")) {
            throw new IllegalArgumentException("cynode.files.store must be pg or s3, not '" + store + "'");
        }
        if (artifactMaxFiles < 0 || artifactMaxBytes.isNegative()) {
            throw new IllegalArgumentException("cynode.files.artifact-max-* must not be negative");
        }
    }

    /** The defaults, as bound from an empty configuration. */
    public static FilesSettings defaults() {
        return new FilesSettings(
                "pg",
                Duration.ofHours(1),
                64,
                DataSize.ofMegabytes(100),
                new S3("", "us-east-1", "", "", true, "", ""),
                Duration.ofMinutes(1));
    }

    /**
     * An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, …).
     *
     * @param endpoint the service's URL; empty = AWS's endpoint for the region
     * @param pathStyle bucket in the path, not the host name (what most S3-compatible servers want)
     * @param accessKey empty = the AWS SDK's default credentials chain
     */
    public record S3(
            @DefaultValue("") String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("") String bucket,
            @DefaultValue("") String prefix,
            @DefaultValue("true") boolean pathStyle,
            @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey) {

        /** The secret stays out of logs and error pages. */
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
        }
    }
}
