package io.cynodeai.nodemanager.workertls;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.tls.PinnedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

class WorkerCertificateTest {
    @TempDir
    Path state;

    @Test
    void aNodeWithoutCertificateFilesMakesOneOnceWithAnOwnerOnlyKey() throws Exception {
        WorkerCertificate made = WorkerCertificate.of(null, null, state, "10.1.2.3");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(made.privateKey())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(made.certificate().getParent())))
                .isEqualTo("rwx------");
        X509Certificate cert;
        try (var in = Files.newInputStream(made.certificate())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(PinnedCertificate.sha256(cert)).isEqualTo(made.sha256());
        assertThat(cert.getSubjectAlternativeNames().stream()
                        .map(n -> (Object) n.get(1))
                        .toList())
                .containsExactlyInAnyOrder((Object) "127.0.0.1", "localhost", "10.1.2.3");
        cert.checkValidity();
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        // Kept: the next start serves (and reports) the same certificate.
        assertThat(WorkerCertificate.of(null, null, state, "10.1.2.3")).isEqualTo(made);
        // What worker-api's SSL bundle reads: the pair loads as a key store.
        var bundle = SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate(Files.readString(made.certificate()))
                        .withPrivateKey(Files.readString(made.privateKey())),
                null));
        assertThat(List.of(bundle.getStores().getKeyStore().aliases().nextElement()))
                .hasSize(1);
        assertThat(Files.readString(made.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void theYamlsFilesAreUsedAsTheyAre() throws Exception {
        WorkerCertificate own = WorkerCertificate.of(null, null, state.resolve("a"), "h");
        WorkerCertificate given = WorkerCertificate.of(
                own.certificate().toString(), own.privateKey().toString(), state.resolve("b"), "h");
        assertThat(given.sha256()).isEqualTo(own.sha256());
        assertThat(state.resolve("b")).doesNotExist();
    }
}
