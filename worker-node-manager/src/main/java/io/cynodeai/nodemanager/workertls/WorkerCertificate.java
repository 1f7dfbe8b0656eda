package io.cynodeai.nodemanager.workertls;

import io.cynodeai.contracts.tls.PinnedCertificate;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate the Worker API serves HTTPS with (nodes.md §1): the YAML's files, else a
 * self-signed one (EC P-256, ten years, for the Worker API's host) made at the node's first start
 * with Bouncy Castle and kept under {@code <state>/secrets/worker-tls/} (the key owner-only). The
 * control plane pins it by its SHA-256, which the node reports with its credential, so no CA is
 * needed and a swap is noticed.
 *
 * @param certificate the PEM certificate file
 * @param privateKey the PEM private key file
 * @param sha256 the certificate's pin
 */
public record WorkerCertificate(Path certificate, Path privateKey, String sha256) {
    /**
     * The Worker API's certificate when the YAML turns HTTPS on ({@code worker_api.tls.enabled}),
     * made at the first call when the YAML names no files.
     */
    public static java.util.Optional<WorkerCertificate> forNode(
            io.cynodeai.nodemanager.nodeyaml.NodeYaml yaml, Path stateDir) {
        var tls = yaml.workerApi().tls();
        if (!tls.enabled()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(of(
                    tls.certFile(),
                    tls.keyFile(),
                    stateDir,
                    java.net.URI.create(yaml.workerApi().publicBaseUrl()).getHost()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The YAML's certificate and key, or the node's own (made now if it has none). */
    public static WorkerCertificate of(String certFile, String keyFile, Path stateDir, String host) throws IOException {
        if (certFile != null && keyFile != null) {
            return new WorkerCertificate(Path.of(certFile), Path.of(keyFile), sha256(Path.of(certFile)));
        }
        Path dir = stateDir.resolve("secrets").resolve("worker-tls");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        if (!Files.exists(cert) || !Files.exists(key)) {
            make(dir, cert, key, host);
        }
        return new WorkerCertificate(cert, key, sha256(cert));
    }

    static String sha256(Path pem) throws IOException {
        try (var in = Files.newInputStream(pem)) {
            return PinnedCertificate.sha256(
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static void make(Path dir, Path cert, Path key, String host) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=CyNodeAI Worker API " + host);
            var builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(128, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(3650))),
                    name,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(host)));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            write(key, pem(pair.getPrivate()), "rw-------");
            write(cert, pem(certificate), "rw-r--r--");
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot make the Worker API's certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralName[] names(String host) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        if (host != null && !host.isBlank() && !"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            boolean address = host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
            names.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        return names.toArray(GeneralName[]::new);
    }

    private static String pem(Object value) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(
                    value instanceof java.security.PrivateKey k
                            ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null)
                            : value);
        }
        return out.toString();
    }

    /** Written beside and moved into place: a crash leaves no half file. */
    private static void write(Path file, String content, String mode) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, content);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String toString() {
        return "WorkerCertificate[" + certificate + " sha256=" + sha256 + "]";
    }
}
