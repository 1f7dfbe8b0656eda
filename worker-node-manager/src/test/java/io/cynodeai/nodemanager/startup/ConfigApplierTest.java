package io.cynodeai.nodemanager.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import io.cynodeai.nodemanager.securestore.SecureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

class ConfigApplierTest {
    @TempDir
    Path dir;

    final OrchestratorClient client = mock(OrchestratorClient.class);
    final LocalServices services = mock(LocalServices.class);

    ConfigApplier applier(String extraYaml) throws Exception {
        var applier = new ConfigApplier(Nodes.home(dir, extraYaml), client, new SecureStore(dir), Clock.systemUTC());
        NodeConfigurationPayload first = Nodes.config("1", "node-01", true, 30);
        applier.store(first);
        applier.applied(first);
        return applier;
    }

    NodeConfigAck lastAck() throws Exception {
        var acks = ArgumentCaptor.forClass(NodeConfigAck.class);
        verify(client, org.mockito.Mockito.atLeastOnce()).ack(acks.capture());
        return acks.getValue();
    }

    String storedToken() throws IOException {
        return Files.readString(dir.resolve("secrets").resolve("worker-token.json"));
    }

    @Test
    void aNewVersionIsStoredAndAcknowledgedApplied() throws Exception {
        var applier = applier("");
        var next = Nodes.config("2", "node-01", true, 30);
        applier.update(next, services);
        assertThat(applier.current()).isSameAs(next);
        assertThat(lastAck().status()).isEqualTo(NodeConfigAck.APPLIED);
        assertThat(lastAck().configVersion()).isEqualTo("2");
        assertThat(lastAck().effectiveConfigHash()).startsWith("sha256:").isEqualTo(applier.effectiveHash(next));
    }

    @Test
    void theSameVersionAgainChangesNothing() throws Exception {
        var applier = applier("");
        applier.update(Nodes.config("1", "node-01", true, 30), services);
        verify(services, never()).awaitWorkerReady(any());
    }

    @Test
    void aVersionForAnotherNodeIsRefused() throws Exception {
        var applier = applier("");
        applier.update(Nodes.config("2", "node-02", true, 30), services);
        assertThat(lastAck().status()).isEqualTo(NodeConfigAck.FAILED);
        assertThat(applier.current().configVersion()).isEqualTo("1");
    }

    @Test
    void aVersionWorkerApiCannotRunWithIsRolledBack() throws Exception {
        var applier = applier("");
        String before = storedToken();
        doThrow(new IOException("worker-api did not become ready"))
                .when(services)
                .awaitWorkerReady(Duration.ofSeconds(30));
        applier.update(Nodes.config("2", "node-01", true, 30), services);
        assertThat(lastAck().status()).isEqualTo(NodeConfigAck.ROLLED_BACK);
        assertThat(lastAck().error().message()).contains("did not become ready");
        assertThat(applier.current().configVersion()).isEqualTo("1");
        assertThat(storedToken()).isEqualTo(before);
    }

    @Test
    void theHashLeavesTheSecretOut() throws Exception {
        var applier = applier("");
        var a = Nodes.config("2", "node-01", true, 30);
        assertThat(applier.effectiveHash(a)).isEqualTo(applier.effectiveHash(Nodes.config("2", "node-01", true, 30)));
        assertThat(applier.effectiveHash(a)).doesNotContain("s3cr3t");
    }

    @Test
    void dynamicUpdatesNeedBothTheNodeAndTheOrchestrator() throws Exception {
        assertThat(applier("").dynamicAllowed()).isTrue();
        var off = applier("");
        off.applied(Nodes.config("3", "node-01", false, 30));
        assertThat(off.dynamicAllowed()).isFalse();
        assertThat(applier("updates:\n  enable_dynamic_config: false\n").dynamicAllowed())
                .isFalse();
    }

    @Test
    void theShorterPollIntervalWins() throws Exception {
        var applier = applier("updates:\n  poll_interval_seconds: 20\n");
        assertThat(applier.pollInterval()).isEqualTo(Duration.ofSeconds(20));
        applier.applied(Nodes.config("3", "node-01", true, 5));
        assertThat(applier.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }
}
