package io.cynodeai.gateway.auth;

import java.util.UUID;

/** The user (and login session) a request was authenticated as. */
public record UserPrincipal(UUID userId, String handle, boolean admin, UUID sessionId) {}
