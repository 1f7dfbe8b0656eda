package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.AuthBodies.LoginRequest;
import io.cynodeai.contracts.user.AuthBodies.LoginResponse;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.cynodeai.serviceweb.security.FailureLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "auth", description = "Sign in, keep a session, sign out")
@RestController
class AuthController {
    private static final Logger log = LoggerFactory.getLogger(AuthController.class);
    private static final String BAD_LOGIN = "invalid handle or password";

    private final JdbcClient jdbc;
    private final Passwords passwords;
    private final Sessions sessions;
    private final UserTokens tokens;
    private final AuthAudit audit;
    private final AuthSettings settings;
    private final FailureLimiter perHandleAtAddress;
    private final FailureLimiter perHandle;
    private final FailureLimiter perAddress;

    private record Credential(UUID id, String hash, boolean active) {}

    AuthController(
            JdbcClient jdbc,
            Passwords passwords,
            Sessions sessions,
            UserTokens tokens,
            AuthAudit audit,
            AuthSettings settings,
            Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
        this.settings = settings;
        this.perHandleAtAddress = new FailureLimiter(settings.maxFailuresPerHandle(), settings.failureWindow(), clock);
        this.perHandle = new FailureLimiter(settings.maxFailuresPerHandleAnywhere(), settings.failureWindow(), clock);
        this.perAddress = new FailureLimiter(settings.maxFailuresPerAddress(), settings.failureWindow(), clock);
    }

    @Operation(summary = "Sign in with a handle and password: an access token and a refresh token")
    @ApiResponse(responseCode = "200", description = "The tokens")
    @ApiResponse(responseCode = "401", description = "The handle or password is wrong (the answer does not say which)")
    @ApiResponse(responseCode = "429", description = "Too many failed sign-ins; try again after Retry-After")
    @PostMapping("/v1/auth/login")
    LoginResponse login(@RequestBody LoginRequest body, HttpServletRequest http, HttpServletResponse response) {
        String client = http.getRemoteAddr();
        String handleKey = body.handle().toLowerCase(java.util.Locale.ROOT);
        // Counted before the password is checked, so a burst of guesses evaluates at most the limit.
        Attempt attempt = new Attempt(handleKey + " " + client, handleKey, client);
        Optional<Duration> blocked = attempt.begin();
        if (blocked.isPresent()) {
            audit.record("login", "rate_limited", null, body.handle(), client, null);
            throw new ProblemException(
                    ProblemType.RATE_LIMITED, "too many failed logins; try again later", blocked.get());
        }
        Optional<Credential> credential;
        boolean ok;
        try {
            credential = jdbc.sql("""
                            select u.id, c.password_hash, u.is_active from users u
                            join password_credentials c on c.user_id = u.id where u.handle = ?""")
                    .param(body.handle())
                    .query((rs, i) -> new Credential(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3)))
                    .optional();
            if (credential.isPresent()) {
                ok = passwords.matches(body.password(), credential.get().hash())
                        && credential.get().active();
            } else {
                passwords.burn(body.password());
                ok = false;
            }
        } catch (RuntimeException notChecked) {
            attempt.forgive(); // the password was never checked (busy, no database): not a guess
            throw notChecked;
        }
        if (!ok) {
            audit.record("login", "failure", credential.map(Credential::id).orElse(null), body.handle(), client, null);
            log.warn("failed login for handle {} from {}", body.handle(), client);
            throw new ProblemException(ProblemType.INVALID_CREDENTIALS, BAD_LOGIN);
        }
        attempt.forgive();
        perHandleAtAddress.reset(attempt.pair());
        UUID userId = credential.get().id();
        Sessions.Opened session = sessions.open(userId, settings.refreshTtl());
        audit.record(
                "login",
                "success",
                userId,
                body.handle(),
                client,
                Map.of("session_id", session.sessionId().toString()));
        String access = tokens.issue(userId, session.sessionId());
        if (body.wantsCookie()) {
            RefreshCookie.set(http, response, session.refreshToken(), settings.refreshTtl());
            return LoginResponse.bearer(access, null, tokens.ttlSeconds());
        }
        return LoginResponse.bearer(access, session.refreshToken(), tokens.ttlSeconds());
    }

    /**
     * One login attempt as the three limiters count it, before its password is checked: this
     * handle at this address, the handle anywhere, the address. Refused by one, it counts in none.
     */
    private final class Attempt {
        private final String pair;
        private final String handle;
        private final String address;

        Attempt(String pair, String handle, String address) {
            this.pair = pair;
            this.handle = handle;
            this.address = address;
        }

        Optional<Duration> begin() {
            Optional<Duration> wait = perHandleAtAddress.tryAttempt(pair);
            if (wait.isPresent()) {
                return wait;
            }
            wait = perHandle.tryAttempt(handle);
            if (wait.isPresent()) {
                perHandleAtAddress.forgive(pair);
                return wait;
            }
            wait = perAddress.tryAttempt(address);
            if (wait.isPresent()) {
                perHandleAtAddress.forgive(pair);
                perHandle.forgive(handle);
            }
            return wait;
        }

        void forgive() {
            perHandleAtAddress.forgive(pair);
            perHandle.forgive(handle);
            perAddress.forgive(address);
        }

        String pair() {
            return pair;
        }
    }
}
