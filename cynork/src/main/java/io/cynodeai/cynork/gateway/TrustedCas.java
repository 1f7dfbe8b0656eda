package io.cynodeai.cynork.gateway;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Exit;
import java.io.IOException;

/**
 * How cynork verifies an {@code https} gateway signed by a CA of the user's (a local stack's).
 * The tests' {@code TestHttp.trusting} does the same with the same JDK calls: cynork ships none of
 * the test support, and these few lines are not worth a shared module of their own.
 */
public final class TrustedCas {
    private TrustedCas() {}

    /**
     * Verifies the gateway against the CA certificates in a PEM file ({@code CYNORK_CA_FILE}; the
     * JDK's own parsers: cynork carries no TLS library).
     */
    public static javax.net.ssl.SSLSocketFactory of(java.nio.file.Path caFile) {
        try (var in = java.nio.file.Files.newInputStream(caFile)) {
            var certificates =
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CliFailure(Exit.USAGE, "CYNORK_CA_FILE " + caFile + " holds no certificate");
            }
            var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            var trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            var context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new CliFailure(Exit.USAGE, "cannot read CYNORK_CA_FILE " + caFile + ": " + e.getMessage());
        } catch (java.security.GeneralSecurityException e) {
            throw new CliFailure(
                    Exit.USAGE, "CYNORK_CA_FILE " + caFile + " is not a PEM certificate: " + e.getMessage());
        }
    }
}
