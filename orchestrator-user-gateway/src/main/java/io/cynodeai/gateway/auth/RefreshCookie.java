package io.cynodeai.gateway.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The web console's refresh token (console.md, security): a cookie the page's script cannot read
 * ({@code HttpOnly}), sent only to {@code /v1/auth} and only from the gateway's own pages ({@code
 * SameSite=Strict}), {@code Secure} when the gateway serves TLS. A call it authenticates (refresh,
 * logout) must also carry the CSRF token (GatewaySecurity), which the page reads from the {@code
 * XSRF-TOKEN} cookie set beside it.
 */
final class RefreshCookie {
    static final String NAME = "cynode_refresh";
    static final String PATH = "/v1/auth";

    private RefreshCookie() {}

    static Optional<String> from(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (NAME.equals(c.getName()) && !c.getValue().isBlank()) {
                    return Optional.of(c.getValue());
                }
            }
        }
        return Optional.empty();
    }

    static boolean carried(HttpServletRequest request) {
        return from(request).isPresent();
    }

    /** The cookie holds {@code token} for {@code ttl}; the CSRF token's cookie is set too. */
    static void set(HttpServletRequest request, HttpServletResponse response, String token, Duration ttl) {
        write(request, response, token, ttl);
        // Loaded now, so that Spring Security's cookie repository writes the XSRF-TOKEN cookie.
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
            csrf.getToken();
        }
    }

    static void clear(HttpServletRequest request, HttpServletResponse response) {
        write(request, response, "", Duration.ZERO);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, String value, Duration ttl) {
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                ResponseCookie.from(NAME, value)
                        .httpOnly(true)
                        .secure(request.isSecure())
                        .sameSite("Strict")
                        .path(PATH)
                        .maxAge(ttl)
                        .build()
                        .toString());
    }
}
