package io.cynodeai.jobs.files;

import io.cynodeai.contracts.files.HashingCopy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Blobs as objects of an S3-compatible bucket ({@code s3:<object key>}), through the AWS SDK v2.
 * The garbage record of a blob commits before its upload starts, so an upload cut off midway
 * (this process died) is deleted by the sweep once its grace has passed. Checksums are sent only
 * where the service requires them: servers other than AWS's often refuse the SDK's newer trailers.
 */
public final class S3Blobs implements BlobStore, AutoCloseable {
    public static final String SCHEME = "s3";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final JdbcClient jdbc;

    public S3Blobs(FilesSettings.S3 settings, JdbcClient jdbc) {
        if (settings.bucket().isBlank()) {
            throw new IllegalArgumentException("cynode.files.s3.bucket is required for cynode.files.store=s3");
        }
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(
                        settings.accessKey().isBlank()
                                ? DefaultCredentialsProvider.builder().build()
                                : StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.jdbc = jdbc;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public StoredBlob put(InputStream in, long size, long max, Duration grace) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("an S3 upload needs the file's size up front");
        }
        if (size > max) {
            throw new HashingCopy.TooLarge(max);
        }
        String object = prefix + UUID.randomUUID();
        String key = SCHEME + ":" + object;
        jdbc.sql("insert into blob_garbage (blob, not_before) values (:key, now() + make_interval(secs => :secs))")
                .param("key", key)
                .param("secs", grace.toSeconds())
                .update();
        MessageDigest sha = HashingCopy.sha256();
        // Not markable: the SDK cannot resend part of it, so the hash is of what was sent once.
        InputStream hashing = new DigestInputStream(in, sha) {
            @Override
            public boolean markSupported() {
                return false;
            }
        };
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(object).contentLength(size), RequestBody.fromInputStream(hashing, size));
        } catch (SdkException e) {
            throw new IOException("the bucket did not take the file: " + e.getMessage(), e);
        }
        return new StoredBlob(key, size, HexFormat.of().formatHex(sha.digest()));
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(object(key));
        if (offset > 0) {
            get.range("bytes=" + offset + "-");
        }
        try {
            return s3.getObject(get.build());
        } catch (SdkException e) {
            throw new IOException("the bucket did not give the file: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(object(key)));
    }

    private static String object(String key) {
        if (!key.startsWith(SCHEME + ":")) {
            throw new IllegalArgumentException("not an S3 blob: " + key);
        }
        return key.substring(SCHEME.length() + 1);
    }

    @Override
    public void close() {
        s3.close();
    }
}
