package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.AuthBodies.LoginResponse;
import io.cynodeai.contracts.user.AuthBodies.LogoutRequest;
import io.cynodeai.contracts.user.AuthBodies.RefreshRequest;
import io.cynodeai.contracts.validation.Wire;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A session once it is open: refresh (a new access token, the refresh token rotated) and logout.
 * The refresh token comes in the body (cynork, scripts) or in the web console's cookie
 * ({@link RefreshCookie}); an answer goes back the way it came.
 */
@Tag(name = "auth", description = "Sign in, keep a session, sign out")
@RestController
class SessionController {
    private static final Logger log = LoggerFactory.getLogger(SessionController.class);

    private final Sessions sessions;
    private final UserTokens tokens;
    private final AuthAudit audit;
    private final AuthSettings settings;

    SessionController(Sessions sessions, UserTokens tokens, AuthAudit audit, AuthSettings settings) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
        this.settings = settings;
    }

    @Operation(summary = "Trade a refresh token for new tokens (the old refresh token stops working)")
    @ApiResponse(responseCode = "200", description = "The new tokens")
    @ApiResponse(responseCode = "401", description = "The refresh token is not valid, expired or reused")
    @PostMapping("/v1/auth/refresh")
    LoginResponse refresh(
            @RequestBody(required = false) RefreshRequest body, HttpServletRequest http, HttpServletResponse response) {
        String client = http.getRemoteAddr();
        String given = body == null ? null : blankToNull(body.refreshToken());
        Optional<String> cookie = given == null ? RefreshCookie.from(http) : Optional.empty();
        if (given == null && cookie.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "refresh_token: " + Wire.REQUIRED);
        }
        return switch (sessions.rotate(cookie.orElse(given))) {
            case Sessions.Rotation.Rotated r -> {
                audit.record(
                        "refresh",
                        "success",
                        r.userId(),
                        null,
                        client,
                        Map.of("session_id", r.sessionId().toString()));
                String access = tokens.issue(r.userId(), r.sessionId());
                if (cookie.isPresent()) {
                    RefreshCookie.set(http, response, r.refreshToken(), settings.refreshTtl());
                    yield LoginResponse.bearer(access, null, tokens.ttlSeconds());
                }
                yield LoginResponse.bearer(access, r.refreshToken(), tokens.ttlSeconds());
            }
            case Sessions.Rotation.Reused r -> {
                audit.record(
                        "refresh",
                        "reuse_detected",
                        r.userId(),
                        null,
                        client,
                        Map.of("session_id", r.sessionId().toString(), "action", "session revoked"));
                log.warn("refresh token reuse detected; session {} revoked", r.sessionId());
                cookie.ifPresent(c -> RefreshCookie.clear(http, response));
                throw new ProblemException(ProblemType.INVALID_CREDENTIALS, "the refresh token is no longer valid");
            }
            case Sessions.Rotation.Invalid i -> {
                audit.record("refresh", "failure", null, null, client, null);
                cookie.ifPresent(c -> RefreshCookie.clear(http, response));
                throw new ProblemException(ProblemType.INVALID_CREDENTIALS, "the refresh token is no longer valid");
            }
        };
    }

    @Operation(summary = "End the session of a refresh token")
    @ApiResponse(responseCode = "204", description = "The session is ended")
    @PostMapping("/v1/auth/logout")
    ResponseEntity<Void> logout(
            @AuthenticationPrincipal UserPrincipal principal,
            @RequestBody(required = false) LogoutRequest body,
            HttpServletRequest http,
            HttpServletResponse response) {
        if (principal.sessionId() == null) {
            throw new ProblemException(
                    ProblemType.INVALID_REQUEST,
                    "an API token has no session to end; revoke it with DELETE /v1/users/me/api_tokens/{id}");
        }
        sessions.revoke(principal.sessionId(), "logout");
        String given = body == null ? null : blankToNull(body.refreshToken());
        Optional<String> cookie = RefreshCookie.from(http);
        Optional.ofNullable(given)
                .or(() -> cookie)
                .ifPresent(t -> sessions.revokeByToken(principal.userId(), t, "logout"));
        cookie.ifPresent(c -> RefreshCookie.clear(http, response));
        audit.record(
                "logout",
                "success",
                principal.userId(),
                principal.handle(),
                http.getRemoteAddr(),
                Map.of("session_id", principal.sessionId().toString()));
        return ResponseEntity.noContent().build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
