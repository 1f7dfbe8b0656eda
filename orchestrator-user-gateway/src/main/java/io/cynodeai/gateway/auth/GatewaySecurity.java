package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.Problems;
import io.cynodeai.serviceweb.security.BearerChain;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * Stateless bearer auth (and the web console's refresh cookie, with CSRF protection): every request but login, refresh, health and the API description needs
 * a valid access token of a live session of an active user, or a live API token of an active user; {@code /v1/users} admin actions and the node view ({@code /v1/nodes}) need
 * the admin role. 401 and 403 answer problem details.
 */
@Configuration
class GatewaySecurity {
    private static final String[] OPEN = {"/v1/auth/login", "/v1/auth/refresh"};

    /** The web console's files (the web-console module's jar, under static/). */
    private static final String[] CONSOLE = {"/", "/index.html", "/assets/**", "/favicon.ico"};

    /**
     * The console's Content-Security-Policy (console.md): its own files only, no inline script or
     * style, no plug-ins, not framed. Not on the management port's Swagger UI, which needs inline script.
     */
    static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain userChain(HttpSecurity http, UserTokens tokens, Sessions sessions, ApiTokens apiTokens)
            throws Exception {
        JwtAuthenticationProvider jwt = new JwtAuthenticationProvider(tokens.decoder());
        jwt.setJwtAuthenticationConverter(verified -> UserTokens.holder(verified)
                .flatMap(h -> sessions.live(h.sessionId(), h.userId()))
                .map(GatewaySecurity::authentication)
                .orElseThrow(() -> new InvalidBearerTokenException("no live session")));
        AuthenticationManager accessTokens = new ProviderManager(jwt);
        AuthenticationManager programTokens = presented -> apiTokens
                .authenticate(((BearerTokenAuthenticationToken) presented).getToken())
                .map(GatewaySecurity::authentication)
                .orElseThrow(() -> new InvalidBearerTokenException("the API token is not valid"));
        return BearerChain.configure(
                        http,
                        // An API token (cyn_…) is looked up by its hash; anything else is an access JWT.
                        o -> o.authenticationManagerResolver(request ->
                                isApiToken(request.getHeader("Authorization")) ? programTokens : accessTokens),
                        OPEN,
                        "a valid access token is required",
                        "this needs an administrator")
                // The refresh cookie is the one credential a browser sends by itself: a call it
                // authenticates needs the CSRF token too (the single-page app pattern: read from the
                // XSRF-TOKEN cookie, sent back as X-XSRF-TOKEN).
                .csrf(c -> c.spa().requireCsrfProtectionMatcher(RefreshCookie::carried))
                .headers(h -> h.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(
                                        PathPatternRequestMatcher.withDefaults().matcher("/actuator/**")),
                                new ContentSecurityPolicyHeaderWriter(CONSOLE_POLICY)))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny()))
                .exceptionHandling(e -> e.accessDeniedHandler((req, res, ex) -> Problems.write(
                        req,
                        res,
                        ProblemType.FORBIDDEN,
                        ex instanceof CsrfException
                                ? "the refresh cookie needs the CSRF token (X-XSRF-TOKEN) of this browser"
                                : "this needs an administrator")))
                .authorizeHttpRequests(a -> a.requestMatchers(BearerChain.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers(OPEN)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, CONSOLE)
                        .permitAll()
                        .requestMatchers("/v1/users/me", "/v1/users/me/**")
                        .authenticated()
                        .requestMatchers("/v1/users", "/v1/users/**", "/v1/nodes", "/v1/nodes/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/v1/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .build();
    }

    static boolean isApiToken(String authorization) {
        return authorization != null
                && authorization.regionMatches(true, 0, "Bearer " + ApiTokens.PREFIX, 0, 7 + ApiTokens.PREFIX.length());
    }

    private static AbstractAuthenticationToken authentication(UserPrincipal principal) {
        return UsernamePasswordAuthenticationToken.authenticated(
                principal, null, principal.admin() ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN")) : List.of());
    }
}
