package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
import io.cynodeai.nodemanager.securestore.SecureStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;

/**
 * The node's registration with the PSK and its node credential (nodes.md §1): at start, tried
 * with backoff until the orchestrator accepts it (a refusal of the PSK, the report or the node's
 * identity ends the node at once); later, again before the node JWT expires or when the
 * orchestrator no longer accepts it. The first registration enrolls the node; the credential it
 * returns, and any rotated one after, is kept in the secure store before anything else happens.
 */
@Component
class Registration {
    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private final NodeHome home;
    private final OrchestratorClient client;
    private final SecureStore store;
    private final RetryTemplate atStart;
    private final Clock clock;

    /** The orchestrator refused this node's identity: revoked, or its slug enrolled by another credential. */
    static final class IdentityRefused extends NodeStartupFailed {
        IdentityRefused(OrchestratorClient.Refused refused) {
            super(
                    "the orchestrator refused this node's identity; an administrator must reset the node"
                            + " (POST /v1/nodes/{slug}/reset) before it can enroll again",
                    refused);
        }
    }

    Registration(NodeHome home, OrchestratorClient client, SecureStore store, NodeSettings settings, Clock clock) {
        this.home = home;
        this.client = client;
        this.store = store;
        this.clock = clock;
        this.atStart = new RetryTemplate(RetryPolicy.builder()
                .delay(Duration.ofSeconds(1))
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(15))
                .maxRetries(Long.MAX_VALUE)
                .timeout(settings.startupRetryTimeout())
                .predicate(Registration::worthRetrying)
                .build());
        this.atStart.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
                Throwable t = state.getLastException();
                log.warn(
                        "registration with the orchestrator at {} failed ({}); retrying",
                        home.yaml().orchestrator().url(),
                        t instanceof OrchestratorClient.Refused
                                ? t.getMessage()
                                : t.getClass().getSimpleName());
            }
        });
    }

    /** Registers at start; throws {@link NodeStartupFailed} when it cannot. */
    NodeBootstrapPayload atStart(NodeCapabilityReport capability) throws InterruptedException {
        String psk = psk();
        try {
            NodeBootstrapPayload b = atStart.execute(() -> register(psk, capability));
            log.info(
                    "registered with the orchestrator at {}; configuration from {}",
                    b.orchestrator().baseUrl(),
                    b.orchestrator().endpoints().nodeConfigUrl());
            return b;
        } catch (RetryException e) {
            Throwable last = e.getLastException();
            if (last instanceof InterruptedException ie) {
                throw ie;
            }
            if (last instanceof OrchestratorClient.Refused refused && refused.identityRefused()) {
                throw new IdentityRefused(refused);
            }
            if (last instanceof OrchestratorClient.Refused refused && !worthRetrying(refused)) {
                throw new NodeStartupFailed("the orchestrator refused the registration", refused);
            }
            throw new NodeStartupFailed(
                    "the orchestrator at " + home.yaml().orchestrator().url() + " did not accept the registration");
        }
    }

    /** A refused PSK, report or identity is final; anything else (not reachable, busy) may pass. */
    static boolean worthRetrying(Throwable t) {
        if (t instanceof OrchestratorClient.Refused r) {
            return r.status() != 401 && r.status() != 400 && !r.identityRefused();
        }
        return t instanceof IOException;
    }

    /**
     * Registers again (the JWT is due or refused); the capability it reported, if it went through.
     *
     * @throws IdentityRefused when the orchestrator no longer accepts this node: it must stop
     */
    Optional<String> again(NodeCapabilityReport capability) {
        try {
            register(psk(), capability);
            log.info("registered again with the orchestrator");
            return Optional.of(capability.capabilityHash());
        } catch (OrchestratorClient.Refused e) {
            if (e.identityRefused()) {
                throw new IdentityRefused(e);
            }
            log.warn("re-registration failed: {}", e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("re-registration failed: {}", e.getMessage());
        }
        return Optional.empty();
    }

    /** One registration with the stored credential (none yet: an enrollment); a credential issued is stored first. */
    private NodeBootstrapPayload register(String psk, NodeCapabilityReport capability) throws IOException {
        Optional<String> credential = store.nodeCredential();
        NodeBootstrapPayload b = client.register(psk, credential.orElse(null), capability);
        String ca = b.trust() == null ? null : b.trust().caBundlePem();
        if (ca != null
                && !ca.isBlank()
                && !store.orchestratorCa().map(ca::equals).orElse(false)) {
            store.storeOrchestratorCa(ca);
            log.info(
                    "the orchestrator named the CA to verify it with: stored in the secure store, trusted from now on");
        }
        if (ca != null && !ca.isBlank() && !ca.equals(client.trustedCa())) {
            client.trust(ca);
        }
        String issued = b.auth().nodeCredential();
        if (issued != null && !issued.isBlank()) {
            store.storeNodeCredential(issued);
            log.info(
                    credential.isEmpty()
                            ? "enrolled: node credential stored in the secure store"
                            : "the orchestrator rotated the node credential; the new one is stored");
        }
        return b;
    }

    /** Whether the node JWT is in the last fifth of its life. */
    boolean renewalDue() {
        var auth = client.bootstrap().auth();
        Duration life = Duration.between(client.bootstrap().issuedAt(), auth.expiresAt());
        return Instant.now(clock).isAfter(auth.expiresAt().minus(life.dividedBy(5)));
    }

    private String psk() {
        var o = home.yaml().orchestrator();
        try {
            if (o.registrationPskFile() != null) {
                return Files.readString(Path.of(o.registrationPskFile())).strip();
            }
        } catch (IOException e) {
            throw new NodeStartupFailed(
                    "cannot read the registration PSK file named by orchestrator.registration_psk_file");
        }
        String value = System.getenv(o.registrationPskEnv());
        if (value == null || value.isBlank()) {
            throw new NodeStartupFailed("the registration PSK is not set: environment variable "
                    + o.registrationPskEnv() + " is empty (orchestrator.registration_psk_env)");
        }
        return value;
    }
}
