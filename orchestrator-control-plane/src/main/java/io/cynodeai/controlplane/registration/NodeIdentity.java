package io.cynodeai.controlplane.registration;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.RegistrationRequest;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.controlplane.nodes.Nodes;
import io.cynodeai.localstate.StateDir;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Who may register (nodes.md §1): a holder of a registration PSK (the current one or one of
 * {@code additional-psks}) may enroll a slug nobody holds, and receives the node credential (256
 * random bits, shown once, kept only as its SHA-256); a known slug registers again only with that
 * credential. Anything else changes nothing and answers 409 {@code node-identity-conflict}.
 */
@Component
class NodeIdentity {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Nodes nodes;
    private final RegistrationSettings settings;
    private final List<byte[]> psks;

    NodeIdentity(Nodes nodes, RegistrationSettings settings) {
        this.nodes = nodes;
        this.settings = settings;
        this.psks = Stream.concat(
                        Stream.of(StateDir.secret(settings.psk(), "registration_psk", 32)),
                        settings.additionalPsks().stream().filter(p -> !p.isBlank()))
                .map(Sha256::of)
                .toList();
    }

    /** Whether {@code psk} is one of the accepted keys; every key is compared, in constant time each. */
    boolean pskAccepted(String psk) {
        byte[] presented = Sha256.of(psk);
        boolean accepted = false;
        for (byte[] key : psks) {
            accepted |= MessageDigest.isEqual(key, presented);
        }
        return accepted;
    }

    /** A registration proven, and the credential to hand to the node if one was issued now. */
    record Proven(Nodes.Registered registered, String newCredential) {}

    /**
     * Enrolls the slug, or registers the known node again with its credential; else 409. A
     * credential presented for a slug that holds none (reset, or a database that started afresh)
     * enrolls it: the PSK alone could do that, and the node need not be told to forget it first.
     */
    Proven register(RegistrationRequest request, String workerApiUrl) {
        NodeCapabilityReport report = request.capability();
        String fresh = newCredential();
        byte[] freshHash = Sha256.of(fresh);
        var registered = request.nodeCredential() == null
                ? nodes.enroll(report, workerApiUrl, freshHash)
                : nodes.reregister(
                                report,
                                workerApiUrl,
                                Sha256.of(request.nodeCredential()),
                                freshHash,
                                settings.credentialRotation())
                        .or(() -> nodes.enroll(report, workerApiUrl, freshHash));
        return registered
                .map(r -> new Proven(r, r.credentialIssued() ? fresh : null))
                .orElseThrow(() -> conflict(report.node().nodeSlug(), request.nodeCredential() != null));
    }

    private ProblemException conflict(String slug, boolean presentedCredential) {
        boolean revoked = nodes.statusOf(slug).filter("revoked"::equals).isPresent();
        String detail = revoked
                ? "node " + slug + " is revoked; an administrator must reset it before it can register"
                : presentedCredential
                        ? "node " + slug + " is enrolled with another node_credential"
                        : "node " + slug + " is enrolled: registering again needs its node_credential"
                                + " (an administrator can reset a node that lost it)";
        return new ProblemException(ProblemType.NODE_IDENTITY_CONFLICT, detail);
    }

    private static String newCredential() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
