package io.cynodeai.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.worker.RunJobResult;
import io.cynodeai.controlplane.nodeconfig.DispatchTarget;
import io.cynodeai.jobs.files.Blobs;
import io.cynodeai.jobs.files.FilesSettings;
import io.cynodeai.jobs.files.StoredBlob;
import io.cynodeai.jobs.files.TaskFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ArtifactFetchTest {
    final WorkerClient worker = mock(WorkerClient.class);
    final Blobs blobs = mock(Blobs.class);
    final DispatchTarget node = new DispatchTarget(UUID.randomUUID(), "n1", "http://127.0.0.1:1", "t", 2);
    /** What the node serves at each index. */
    Map<Integer, byte[]> served;

    @BeforeEach
    void setUp() throws Exception {
        when(worker.artifact(eq(node), eq("job"), anyInt(), any())).thenAnswer(inv -> {
            WorkerClient.ArtifactSink<?> sink = inv.getArgument(3);
            return sink.take(new ByteArrayInputStream(served.get((int) inv.getArgument(2))));
        });
        when(blobs.put(any(), anyLong(), anyLong())).thenAnswer(inv -> {
            byte[] bytes = ((InputStream) inv.getArgument(0)).readAllBytes();
            return new StoredBlob(
                    "pg-lo:" + bytes.length, bytes.length, HexFormat.of().formatHex(Sha256.of(bytes)));
        });
    }

    static RunJobResult.Artifact described(String name, String text, String type) {
        return new RunJobResult.Artifact(name, (long) text.length(), Sha256.hex(text), type);
    }

    static RunJobResult result(List<RunJobResult.Artifact> artifacts) {
        return new RunJobResult(
                1,
                "t",
                "job",
                "completed",
                0,
                "",
                "",
                Instant.EPOCH,
                Instant.EPOCH,
                new RunJobResult.Truncated(false, false),
                artifacts,
                List.of());
    }

    ArtifactFetch fetch(int maxFiles, long maxBytes) {
        return new ArtifactFetch(
                worker,
                blobs,
                new FilesSettings(
                        "pg",
                        Duration.ofHours(1),
                        maxFiles,
                        DataSize.ofBytes(maxBytes),
                        FilesSettings.defaults().s3(),
                        FilesSettings.defaults().sweepEvery()));
    }

    @Test
    void eachArtifactIsStreamedIntoTheStoreAndTheNodeToldToForgetThemOnlyOnceStored() throws Exception {
        served = Map.of(0, "one\n".getBytes(StandardCharsets.UTF_8), 1, "a,b\n".getBytes(StandardCharsets.UTF_8));
        RunJobResult r =
                result(List.of(described("a.txt", "one\n", "text/plain"), described("d/b.csv", "a,b\n", "text/csv")));
        String body = Json.write(r);
        ArtifactFetch fetch = fetch(64, 1 << 20);
        ArtifactFetch.Fetched f = fetch.fetch(node, "job", r, body);
        assertThat(f.files()).extracting(TaskFile.New::name).containsExactly("a.txt", "d/b.csv");
        assertThat(f.files()).extracting(TaskFile.New::contentType).containsExactly("text/plain", "text/csv");
        assertThat(f.resultJson())
                .as("nothing left out here: the node's result as it was")
                .isEqualTo(body);
        verify(worker, never()).discardArtifacts(node, "job");
        fetch.discardOnNode(node, "job", r);
        verify(worker, timeout(2000)).discardArtifacts(node, "job");
    }

    @Test
    void aFileThatArrivesOtherThanDescribedIsLeftOutAndSaidSo() {
        served = Map.of(0, "tampered".getBytes(StandardCharsets.UTF_8));
        RunJobResult r = result(List.of(described("a.txt", "original", "text/plain")));
        ArtifactFetch.Fetched f = fetch(64, 1 << 20).fetch(node, "job", r, Json.write(r));
        assertThat(f.files()).isEmpty();
        verify(blobs).discard(List.of("pg-lo:8"));
        RunJobResult stored = Json.read(f.resultJson(), RunJobResult.class);
        assertThat(stored.artifacts()).isEmpty();
        assertThat(stored.artifactsOmitted())
                .singleElement()
                .satisfies(o -> assertThat(o.reason()).isEqualTo("arrived other than the node described it"));
    }

    @Test
    void theNodesNamesTypesAndCountsAreCheckedAgainHere() {
        served = Map.of(
                0,
                "x".getBytes(StandardCharsets.UTF_8),
                2,
                "y".getBytes(StandardCharsets.UTF_8),
                3,
                "z".getBytes(StandardCharsets.UTF_8));
        RunJobResult r = result(List.of(
                described("ok.txt", "x", "not a type"),
                described("../../etc/passwd", "x", "text/plain"),
                described("two.txt", "y", "text/plain"),
                described("three.txt", "z", "text/plain")));
        ArtifactFetch.Fetched f = fetch(2, 1 << 20).fetch(node, "job", r, Json.write(r));
        assertThat(f.files()).extracting(TaskFile.New::name).containsExactly("ok.txt", "two.txt");
        assertThat(f.files().getFirst().contentType()).isEqualTo("application/octet-stream");
        assertThat(Json.read(f.resultJson(), RunJobResult.class).artifactsOmitted())
                .extracting(RunJobResult.Omitted::reason)
                .containsExactly(
                        "its name is not a relative path of printable characters", "over the limit of 2 files");
    }

    @Test
    void aResultThatAskedForNoArtifactsIsStoredAsItCame() {
        RunJobResult r = result(null);
        String body = Json.write(r);
        assertThat(fetch(64, 1 << 20).fetch(node, "job", r, body).resultJson()).isEqualTo(body);
    }
}
