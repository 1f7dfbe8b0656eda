package io.cynodeai.controlplane.registration;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param psk the registration pre-shared key; empty = the one generated into the state dir
 * @param additionalPsks more keys accepted beside {@code psk}, to rotate it without downtime
 *     (accept the next key here, move the nodes to it, then make it {@code psk})
 * @param workerApiUrlOverride when set, used instead of each node's reported Worker API URL
 * @param maxFailures failed registrations per client address in {@code failureWindow} before 429
 * @param credentialRotation a node credential older than this is replaced at the node's next
 *     registration (the old one stays valid until the node presents the new one)
 * @param nodeTrustCa the CA (PEM, a file) nodes must verify the orchestrator with from the
 *     bootstrap on (nodes.md §1: its {@code trust.ca_bundle_pem}); empty = the bootstrap names none
 */
@ConfigurationProperties("cynode.registration")
record RegistrationSettings(
        String psk,
        @DefaultValue List<String> additionalPsks,
        String workerApiUrlOverride,
        @DefaultValue("10") int maxFailures,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("30d") Duration credentialRotation,
        org.springframework.core.io.Resource nodeTrustCa) {}
