package io.cynodeai.contracts.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** Certificates made with openssl (test resources); the pin is what {@code openssl x509 -outform der | sha256sum} says. */
class PinnedCertificateTest {
    static X509Certificate certificate(String name) throws Exception {
        try (InputStream in = PinnedCertificateTest.class.getResourceAsStream("/tls/" + name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String pin() throws Exception {
        try (InputStream in = PinnedCertificateTest.class.getResourceAsStream("/tls/worker-cert.sha256")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    @Test
    void thePinIsTheSha256OfTheDerEncoding() throws Exception {
        assertThat(PinnedCertificate.sha256(certificate("worker-cert.pem"))).isEqualTo(pin());
    }

    @Test
    void onlyThePinnedCertificateIsTrusted() throws Exception {
        var trust = new PinnedCertificate(pin().toUpperCase(java.util.Locale.ROOT));
        trust.checkServerTrusted(new X509Certificate[] {certificate("worker-cert.pem")}, "ECDHE_ECDSA");
        // the same subject and address, another key: a stranger's certificate
        assertThatThrownBy(() ->
                        trust.checkServerTrusted(new X509Certificate[] {certificate("other-cert.pem")}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("not the one the node reported");
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(() ->
                        trust.checkClientTrusted(new X509Certificate[] {certificate("worker-cert.pem")}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(trust.sslContext().getProtocol()).isEqualTo("TLS");
    }
}
