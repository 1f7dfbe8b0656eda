package io.cynodeai.nodemanager.startup;

import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.nodemanager.orchestrator.OrchestratorClient;
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
 * The node's registration with the PSK: at start, tried with backoff until the orchestrator
 * accepts it (a refusal of the PSK or the report ends the node at once); later, again before the
 * node JWT expires or when the orchestrator no longer accepts it.
 */
@Component
class Registration {
    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private final NodeHome home;
    private final OrchestratorClient client;
    private final RetryTemplate atStart;
    private final Clock clock;

    Registration(NodeHome home, OrchestratorClient client, NodeSettings settings, Clock clock) {
        this.home = home;
        this.client = client;
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
            NodeBootstrapPayload b = atStart.execute(() -> client.register(psk, capability));
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
            if (last instanceof OrchestratorClient.Refused refused && !worthRetrying(refused)) {
                throw new NodeStartupFailed("the orchestrator refused the registration", refused);
            }
            throw new NodeStartupFailed(
                    "the orchestrator at " + home.yaml().orchestrator().url() + " did not accept the registration");
        }
    }

    /** A refused PSK or report is final; anything else (not reachable, busy) may pass. */
    static boolean worthRetrying(Throwable t) {
        if (t instanceof OrchestratorClient.Refused r) {
            return r.status() != 401 && r.status() != 400;
        }
        return t instanceof IOException;
    }

    /** Registers again (the JWT is due or refused); the capability it reported, if it went through. */
    Optional<String> again(NodeCapabilityReport capability) {
        try {
            client.register(psk(), capability);
            log.info("registered again with the orchestrator");
            return Optional.of(capability.capabilityHash());
        } catch (IOException | RuntimeException e) {
            log.warn("re-registration failed: {}", e.getMessage());
        }
        return Optional.empty();
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
