package io.cynodeai.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.gateway.task.Users;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web console's session (console.md, security): the refresh token in an HttpOnly cookie of
 * {@code /v1/auth}, never in the answer; a call the cookie authenticates needs the CSRF token; the
 * console's page with a strict Content-Security-Policy.
 */
@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.flyway.enabled=true",
            "cynode.auth.signing-key=test-user-signing-key-0123456789abcdef",
            "cynode.auth.bootstrap-admin-password=" + Users.ADMIN_PASSWORD
        })
class ConsoleSessionIT {
    static final String PASSWORD = Users.ADMIN_PASSWORD; // the admin of the database every IT here shares

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    /** What a browser holds after the console signed in: its two cookies. */
    record Browser(String refresh, String csrf, String access) {
        String cookies() {
            return RefreshCookie.NAME + "=" + refresh + "; XSRF-TOKEN=" + csrf;
        }
    }

    Reply consoleLogin() {
        return http.post(
                "/v1/auth/login",
                null,
                Json.write(Map.of("handle", "admin", "password", PASSWORD, "refresh_in_cookie", true)));
    }

    static Optional<String> cookie(Reply r, String name) {
        return setCookies(r).stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')));
    }

    static List<String> setCookies(Reply r) {
        return r.raw().headers().allValues("Set-Cookie");
    }

    Browser signedIn() {
        Reply r = consoleLogin();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Browser(
                cookie(r, RefreshCookie.NAME).orElseThrow(),
                cookie(r, "XSRF-TOKEN").orElseThrow(),
                Json.mapper().readTree(r.body()).get("access_token").asString());
    }

    Reply refresh(Browser b, String csrfHeader) {
        HttpRequest.Builder req = http.builder("/v1/auth/refresh", null)
                .header("Content-Type", "application/json")
                .header("Cookie", b.cookies())
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (csrfHeader != null) {
            req.header("X-XSRF-TOKEN", csrfHeader);
        }
        return http.send(req);
    }

    @Test
    void theRefreshTokenGoesInAnHttpOnlyStrictCookieOfTheAuthPathAndNotInTheAnswer() {
        Reply r = consoleLogin();
        assertThat(r.status()).isEqualTo(200);
        assertThat(Json.mapper().readTree(r.body()).has("refresh_token")).isFalse();
        String set = setCookies(r).stream()
                .filter(c -> c.startsWith(RefreshCookie.NAME + "="))
                .findFirst()
                .orElseThrow();
        assertThat(set).contains("HttpOnly", "SameSite=Strict", "Path=/v1/auth", "Max-Age=");
        assertThat(set).as("plain HTTP here").doesNotContain("Secure");
        assertThat(cookie(r, "XSRF-TOKEN")).isPresent();
    }

    @Test
    void theCookieWithItsCsrfTokenBuysANewAccessTokenAndARotatedCookie() {
        Browser b = signedIn();
        Reply r = refresh(b, b.csrf());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(r.body()).get("access_token").asString())
                .isNotBlank();
        assertThat(Json.mapper().readTree(r.body()).has("refresh_token")).isFalse();
        String rotated = cookie(r, RefreshCookie.NAME).orElseThrow();
        assertThat(rotated).isNotEqualTo(b.refresh());
        assertThat(refresh(new Browser(rotated, b.csrf(), null), b.csrf()).status())
                .isEqualTo(200);
    }

    @Test
    void theCookieWithoutTheCsrfTokenIsRefusedWithProblemDetails() {
        Browser b = signedIn();
        for (String wrong : new String[] {null, "not-the-token"}) {
            Reply r = refresh(b, wrong);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body()).contains("CSRF");
        }
        assertThat(refresh(b, b.csrf()).status()).as("the cookie still works").isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() {
        Browser b = signedIn();
        Reply out = http.send(http.builder("/v1/auth/logout", b.access())
                .header("Content-Type", "application/json")
                .header("Cookie", b.cookies())
                .header("X-XSRF-TOKEN", b.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(out.status()).as(out.body()).isEqualTo(204);
        assertThat(cookie(out, RefreshCookie.NAME)).contains("");
        assertThat(refresh(b, b.csrf()).status()).isEqualTo(401);
    }

    @Test
    void aRefreshWithNeitherTokenNorCookieIsABadRequest() {
        Reply r = http.post("/v1/auth/refresh", null, "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("refresh_token");
    }

    @Test
    void theConsolePageIsServedWithAStrictContentSecurityPolicy() {
        Reply page = http.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<div id=\"app\">").doesNotContain("<script>");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    }
}
