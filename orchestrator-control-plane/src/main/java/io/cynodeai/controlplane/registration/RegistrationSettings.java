package io.cynodeai.controlplane.registration;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param psk the registration pre-shared key; empty = the one generated into the state dir
 * @param workerApiUrlOverride when set, used instead of each node's reported Worker API URL
 * @param maxFailures failed registrations per client address in {@code failureWindow} before 429
 */
@ConfigurationProperties("cynode.registration")
record RegistrationSettings(
        String psk,
        String workerApiUrlOverride,
        @DefaultValue("10") int maxFailures,
        @DefaultValue("15m") Duration failureWindow) {}
