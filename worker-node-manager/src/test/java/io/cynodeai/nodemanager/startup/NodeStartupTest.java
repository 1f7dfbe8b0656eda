package io.cynodeai.nodemanager.startup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.DefaultApplicationArguments;

class NodeStartupTest {
    @TempDir
    Path dir;

    final Registration registration = mock(Registration.class);
    final ConfigApplier configs = mock(ConfigApplier.class);
    final LocalServices services = mock(LocalServices.class);
    final Upkeep upkeep = mock(Upkeep.class);
    final Heartbeat heartbeat = mock(Heartbeat.class);

    NodeStartup startup() {
        return new NodeStartup(Nodes.home(dir, ""), registration, configs, services, upkeep, heartbeat);
    }

    @Test
    void theNodeComesUpInTheOrderOfThePhase1Sequence() throws Exception {
        var config = Nodes.config("1", "node-01", true, 30);
        when(configs.fetch()).thenReturn(config);
        startup().run(new DefaultApplicationArguments());
        var order = inOrder(registration, configs, services, upkeep, heartbeat);
        order.verify(registration).atStart(any());
        order.verify(configs).fetch();
        order.verify(configs).store(config);
        order.verify(services).start(org.mockito.ArgumentMatchers.eq(config), any());
        order.verify(configs).applied(config);
        order.verify(upkeep).start(any());
        order.verify(heartbeat).start();
    }

    @Test
    void aConfigurationThatCannotBeAppliedIsReportedAndEndsTheNode() throws Exception {
        var config = Nodes.config("1", "node-01", true, 30);
        when(configs.fetch()).thenReturn(config);
        doThrow(new IOException("no container runtime answers: none"))
                .when(services)
                .start(any(), any());
        assertThatThrownBy(() -> startup().run(new DefaultApplicationArguments()))
                .isInstanceOf(NodeStartupFailed.class)
                .hasMessageContaining("no container runtime answers");
        verify(configs).failed(org.mockito.ArgumentMatchers.eq(config), contains("no container runtime"));
        verify(configs, never()).applied(any());
        verify(upkeep, never()).start(any());
        verify(heartbeat, never()).start();
    }
}
