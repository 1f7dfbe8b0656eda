package io.cynodeai.jobs.files;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An S3-compatible test double: Adobe's S3Mock (its runnable jar, copied by the build to {@code
 * target/test-doubles/}), as a process of its own on a loopback port, with one bucket. It stands
 * in for AWS S3 or MinIO, which cannot run on this machine.
 */
final class S3TestDouble implements AutoCloseable {
    static final String BUCKET = "cynode-test";

    private final Process process;
    private final int port;

    private S3TestDouble(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static S3TestDouble start() throws IOException, InterruptedException {
        Path jar = Path.of("target/test-doubles/s3mock-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it (mvn generate-test-resources)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("s3-test-double", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        jar.toString(),
                        "--com.adobe.testing.s3mock.http-port=" + port,
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the S3 test double ended: " + Files.readString(log));
            }
            if (Files.readString(log).contains("Started S3MockApplication")) {
                return new S3TestDouble(p, port);
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the S3 test double did not start in 90 s: " + Files.readString(log));
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
