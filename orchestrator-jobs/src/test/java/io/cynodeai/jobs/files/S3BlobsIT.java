package io.cynodeai.jobs.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.contracts.files.HashingCopy;
import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.testsupport.EmbeddedDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Task files in an S3-compatible bucket ({@code cynode.files.store=s3}) through the AWS SDK,
 * against {@link S3TestDouble}, with the garbage records on a real PostgreSQL: what goes in comes
 * back whole and from an offset, a blob is garbage until named, the sweep deletes it from the bucket.
 */
class S3BlobsIT {
    static S3TestDouble s3;
    static S3Blobs store;
    static JdbcClient jdbc;
    static Blobs blobs;

    @BeforeAll
    static void start() throws Exception {
        DataSource ds = EmbeddedDatabase.shared().getPostgresDatabase();
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = JdbcClient.create(ds);
        s3 = S3TestDouble.start();
        store = new S3Blobs(
                new FilesSettings.S3(s3.endpoint(), "us-east-1", S3TestDouble.BUCKET, "files/", true, "test", "test"),
                jdbc);
        blobs = new Blobs(store, List.of(store, new PgLargeObjects(ds)), Duration.ofHours(1), jdbc);
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void aFileComesBackWholeAndFromAnOffsetWithItsHash() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(3).nextBytes(data);
        StoredBlob b = blobs.put(new ByteArrayInputStream(data), data.length, data.length);
        assertThat(b.key()).startsWith("s3:files/");
        assertThat(b.sha256()).isEqualTo(HexFormat.of().formatHex(Sha256.of(data)));
        try (InputStream in = blobs.open(b.key(), 0)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        try (InputStream in = blobs.open(b.key(), data.length - 10)) {
            assertThat(in.readAllBytes()).hasSize(10);
        }
    }

    @Test
    void aBlobIsGarbageUntilNamedAndTheSweepDeletesItFromTheBucket() throws Exception {
        byte[] data = "short-lived".getBytes(StandardCharsets.UTF_8);
        StoredBlob b = blobs.put(new ByteArrayInputStream(data), data.length, data.length);
        assertThat(jdbc.sql("select count(*) from blob_garbage where blob = ? and not_before > now()")
                        .param(b.key())
                        .query(Long.class)
                        .single())
                .as("recorded, with its grace, before the upload")
                .isEqualTo(1);
        blobs.discard(List.of(b.key()));
        assertThat(blobs.sweep(100)).isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> blobs.open(b.key(), 0).readAllBytes()).isInstanceOf(Exception.class);
    }

    @Test
    void moreThanTheLimitIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(new byte[11]), 11, 10))
                .isInstanceOf(HashingCopy.TooLarge.class);
    }
}
