package io.cynodeai.nodemanager.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import io.cynodeai.nodemanager.securestore.SecureStore;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationTest {
    @TempDir
    Path dir;

    final OrchestratorClient client = mock(OrchestratorClient.class);
    final NodeCapabilityReport capability = mock(NodeCapabilityReport.class);
    SecureStore store;

    @BeforeEach
    void store() {
        store = new SecureStore(dir.resolve("state"));
    }

    Registration registration(Clock clock) throws IOException {
        Path psk = dir.resolve("psk");
        Files.writeString(psk, "the-psk\n");
        return new Registration(
                Nodes.home(dir, "orchestrator:\n  url: http://127.0.0.1:1\n  registration_psk_file: " + psk + "\n"),
                client,
                store,
                Nodes.settings(),
                clock);
    }

    static OrchestratorClient.Refused refused(int status) {
        return OrchestratorClient.Refused.of("registration", status, "{\"detail\":\"no\"}");
    }

    @Test
    void anUnreachableOrchestratorIsTriedAgainWithThePskFromItsFile() throws Exception {
        var bootstrap = Nodes.bootstrap("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z");
        when(client.register(eq("the-psk"), any(), any()))
                .thenThrow(new ConnectException("refused"))
                .thenReturn(bootstrap);
        assertThat(registration(Clock.systemUTC()).atStart(capability)).isSameAs(bootstrap);
        verify(client, times(2)).register("the-psk", null, capability);
    }

    @Test
    void theEnrollmentsCredentialIsStoredAndPresentedFromThenOn() throws Exception {
        when(client.register(any(), any(), any()))
                .thenReturn(Nodes.bootstrap("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z", "cred-1"))
                .thenReturn(Nodes.bootstrap("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z"));
        when(capability.capabilityHash()).thenReturn("sha256:x");
        Registration registration = registration(Clock.systemUTC());
        registration.atStart(capability);
        assertThat(store.nodeCredential()).contains("cred-1");
        assertThat(Files.getPosixFilePermissions(dir.resolve("state/secrets/node-credential")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(registration.again(capability)).isPresent();
        verify(client).register("the-psk", "cred-1", capability);
        assertThat(store.nodeCredential()).as("kept: no new one issued").contains("cred-1");
    }

    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void theCaTheBootstrapNamesIsStoredAndTrustedFromThenOn() throws Exception {
        var bootstrap = Nodes.bootstrap("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z", "cred-1");
        var withTrust = new io.cynodeai.contracts.node.NodeBootstrapPayload(
                bootstrap.version(),
                bootstrap.issuedAt(),
                bootstrap.orchestrator(),
                bootstrap.auth(),
                new io.cynodeai.contracts.node.NodeBootstrapPayload.Trust(CA, null),
                bootstrap.initialConfigVersion(),
                null);
        when(client.register(any(), any(), any())).thenReturn(withTrust);
        registration(Clock.systemUTC()).atStart(capability);
        assertThat(store.orchestratorCa()).contains(CA);
        assertThat(Files.getPosixFilePermissions(dir.resolve("state/secrets/orchestrator-ca.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        verify(client).trust(CA);
    }

    @Test
    void aStoredCaIsWhatTheNodeVerifiesTheOrchestratorWithAtItsNextStart() throws Exception {
        Path yamlCa = Files.writeString(dir.resolve("yaml-ca.pem"), "from the yaml");
        var o = Nodes.home(dir, "orchestrator:\n  url: https://127.0.0.1:1\n  ca_file: " + yamlCa + "\n")
                .yaml()
                .orchestrator();
        assertThat(NodeBeans.orchestratorCa(o, store)).isEqualTo("from the yaml");
        store.storeOrchestratorCa(CA);
        assertThat(NodeBeans.orchestratorCa(o, store)).isEqualTo(CA);
    }

    @Test
    void aRotatedCredentialReplacesTheStoredOne() throws Exception {
        store.storeNodeCredential("cred-1");
        when(client.register(any(), any(), any()))
                .thenReturn(Nodes.bootstrap("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z", "cred-2"));
        registration(Clock.systemUTC()).atStart(capability);
        verify(client).register("the-psk", "cred-1", capability);
        assertThat(store.nodeCredential()).contains("cred-2");
    }

    @Test
    void aRefusedIdentityEndsTheNodeAndSaysAnAdministratorMustResetIt() throws Exception {
        when(client.register(any(), any(), any()))
                .thenThrow(
                        OrchestratorClient.Refused.of("registration", 409, "{\"detail\":\"node node-01 is revoked\"}"));
        Registration registration = registration(Clock.systemUTC());
        assertThatThrownBy(() -> registration.atStart(capability))
                .isInstanceOf(Registration.IdentityRefused.class)
                .hasMessageContaining("refused this node's identity")
                .hasMessageContaining("node node-01 is revoked")
                .hasMessageContaining("/reset");
        verify(client, times(1)).register(any(), any(), any());
        assertThatThrownBy(() -> registration.again(capability)).isInstanceOf(Registration.IdentityRefused.class);
    }

    @Test
    void aRefusedPskEndsTheNodeAtOnce() throws Exception {
        when(client.register(any(), any(), any())).thenThrow(refused(401));
        assertThatThrownBy(() -> registration(Clock.systemUTC()).atStart(capability))
                .isInstanceOf(NodeStartupFailed.class)
                .hasMessageContaining("refused the registration");
        verify(client, times(1)).register(any(), any(), any());
    }

    @Test
    void onlyRefusalsOfThePskReportOrIdentityAreFinal() {
        assertThat(Registration.worthRetrying(refused(400))).isFalse();
        assertThat(Registration.worthRetrying(refused(401))).isFalse();
        assertThat(Registration.worthRetrying(refused(409))).isFalse();
        assertThat(Registration.worthRetrying(refused(503))).isTrue();
        assertThat(Registration.worthRetrying(new ConnectException())).isTrue();
        assertThat(Registration.worthRetrying(new IllegalStateException())).isFalse();
    }

    @Test
    void renewalIsDueInTheLastFifthOfTheJwtsLife() throws Exception {
        when(client.bootstrap()).thenReturn(Nodes.bootstrap("2026-11-24T10:00:00Z", "2026-11-25T10:00:00Z"));
        Clock early = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);
        Clock late = Clock.fixed(Instant.parse("2026-11-25T06:00:00Z"), ZoneOffset.UTC);
        assertThat(registration(early).renewalDue()).isFalse();
        assertThat(registration(late).renewalDue()).isTrue();
    }

    @Test
    void aMissingPskSaysWhereItIsLookedFor() {
        assumeTrue(System.getenv("CYNODE_NODE_REGISTRATION_PSK") == null, "the PSK is set in this environment");
        var noPsk = new Registration(Nodes.home(dir, ""), client, store, Nodes.settings(), Clock.systemUTC());
        assertThatThrownBy(() -> noPsk.atStart(capability))
                .isInstanceOf(NodeStartupFailed.class)
                .hasMessageContaining("CYNODE_NODE_REGISTRATION_PSK");
    }
}
