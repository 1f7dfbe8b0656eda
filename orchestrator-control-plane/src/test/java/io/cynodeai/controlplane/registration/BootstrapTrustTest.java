package io.cynodeai.controlplane.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;

/** What the bootstrap tells a node to trust for the orchestrator (nodes.md §1). */
class BootstrapTrustTest {
    static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void theConfiguredCaIsTheBootstrapsTrust() {
        var trust = RegistrationController.trust(new ByteArrayResource(PEM.getBytes(StandardCharsets.UTF_8)));
        assertThat(trust.caBundlePem()).isEqualTo(PEM);
        assertThat(trust.pinnedSpkiSha256()).isNull();
    }

    @Test
    void withoutOneTheBootstrapNamesNone() {
        assertThat(RegistrationController.trust(null)).isNull();
    }

    @Test
    void aFileWithoutACertificateStopsTheStart() {
        assertThatThrownBy(() -> RegistrationController.trust(new ByteArrayResource("not pem".getBytes())))
                .hasMessageContaining("holds no PEM certificate");
    }
}
