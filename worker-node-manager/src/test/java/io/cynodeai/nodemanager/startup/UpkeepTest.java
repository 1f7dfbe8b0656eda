package io.cynodeai.nodemanager.startup;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpkeepTest {
    @TempDir
    Path dir;

    final OrchestratorClient client = mock(OrchestratorClient.class);
    final Registration registration = mock(Registration.class);
    final ConfigApplier configs = mock(ConfigApplier.class);
    final LocalServices services = mock(LocalServices.class);
    final NodeExit exit = mock(NodeExit.class);

    Upkeep upkeep() {
        return new Upkeep(Nodes.home(dir, ""), client, registration, configs, services, exit);
    }

    @Test
    void aNodeWhoseIdentityIsRefusedStopsAndLeavesTheRest() throws Exception {
        when(registration.renewalDue()).thenReturn(true);
        var refused = new Registration.IdentityRefused(OrchestratorClient.Refused.of("registration", 409, "{}"));
        when(registration.again(any())).thenThrow(refused);
        when(configs.pollInterval()).thenReturn(java.time.Duration.ofMillis(1));
        Upkeep upkeep = upkeep();
        upkeep.start(io.cynodeai.nodemanager.capability.CapabilityCollector.collect(
                Nodes.home(dir, "").yaml(), dir));
        verify(exit, org.mockito.Mockito.timeout(5000)).identityRefused(refused);
        verify(client, never()).fetchConfig();
        upkeep.destroy();
    }

    @Test
    void aChangedCapabilityIsReportedOnceAndTheModelKeptLoaded() throws Exception {
        Upkeep upkeep = upkeep();
        upkeep.once();
        upkeep.once();
        verify(client, times(1)).reportCapability(any());
        verify(services, times(2)).keepInferenceAlive();
    }

    @Test
    void aNewConfigurationIsAppliedWhenDynamicUpdatesAreOn() throws Exception {
        var next = Nodes.config("2", "node-01", true, 30);
        when(configs.dynamicAllowed()).thenReturn(true);
        when(client.fetchConfig()).thenReturn(next);
        upkeep().once();
        verify(configs).update(next, services);
    }

    @Test
    void nothingIsFetchedWhenDynamicUpdatesAreOff() throws Exception {
        when(configs.dynamicAllowed()).thenReturn(false);
        upkeep().once();
        verify(client, never()).fetchConfig();
    }

    @Test
    void aRefusedJwtMeansRegisteringAgain() throws Exception {
        when(registration.renewalDue()).thenReturn(false);
        when(registration.again(any())).thenReturn(Optional.of("sha256:x"));
        org.mockito.Mockito.doThrow(OrchestratorClient.Refused.of("capability report", 401, "{}"))
                .when(client)
                .reportCapability(any());
        upkeep().once();
        verify(registration).again(any());
    }

    @Test
    void aJwtNearItsEndIsRenewed() throws Exception {
        when(registration.renewalDue()).thenReturn(true);
        when(registration.again(any())).thenReturn(Optional.empty());
        upkeep().once();
        verify(registration).again(any());
    }
}
