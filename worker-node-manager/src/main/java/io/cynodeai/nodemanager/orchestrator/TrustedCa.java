package io.cynodeai.nodemanager.orchestrator;

import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** An {@link SSLContext} that trusts exactly the CA certificates of a PEM bundle (Spring Boot's PEM SSL bundle). */
final class TrustedCa {
    private TrustedCa() {}

    static SSLContext sslContext(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("the orchestrator's CA is not a PEM certificate");
        }
        return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(pem)))
                .createSslContext();
    }
}
