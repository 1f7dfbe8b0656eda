package io.cynodeai.serviceweb.security;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security chain every token-authenticated service shares, on Spring Security's OAuth2
 * resource server: stateless, no login forms or sessions, {@code Authorization: Bearer} verified
 * by the service's decoder or introspector, 401/403 as problem details. Each service adds only
 * its own token handling and authorization rules.
 */
public final class BearerChain {
    /**
     * Paths every service leaves open: health, readiness, the error page; and, on its management
     * port (bound to loopback; these paths do not exist on the service's own port), metrics and the
     * API description.
     */
    public static final String[] OPEN_PATHS = {
        "/healthz",
        "/readyz",
        "/error",
        "/actuator/health/**",
        "/actuator/prometheus",
        "/actuator/openapi",
        "/actuator/openapi/**",
        "/actuator/swagger-ui",
        "/actuator/swagger-ui/**"
    };

    private BearerChain() {}

    /**
     * An authentication failure that is not the client's fault: the service cannot check tokens
     * yet (503 {@code not-ready}).
     */
    public static final class NotReady extends AuthenticationException {
        public NotReady(String detail) {
            super(detail);
        }
    }

    /**
     * @param tokens the resource server's token handling (a JWT decoder and converter, or an opaque-token introspector)
     * @param open paths where a presented token is not even looked at (besides {@link #OPEN_PATHS})
     * @param required what a 401 says is needed
     * @param forbidden what a 403 says
     */
    public static HttpSecurity configure(
            HttpSecurity http,
            Customizer<OAuth2ResourceServerConfigurer<HttpSecurity>> tokens,
            String[] open,
            String required,
            String forbidden)
            throws Exception {
        RequestMatcher untouched = matcher(OPEN_PATHS, open);
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        // A token on an open path (a stale one on login, say) is not judged: the request stays anonymous.
        BearerTokenResolver resolver = request -> untouched.matches(request) ? null : header.resolve(request);
        return http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(o -> {
                    o.bearerTokenResolver(resolver)
                            .authenticationEntryPoint((req, res, ex) -> unauthenticated(req, res, ex, required))
                            .accessDeniedHandler(
                                    (req, res, ex) -> Problems.write(req, res, ProblemType.FORBIDDEN, forbidden));
                    tokens.customize(o);
                })
                .exceptionHandling(
                        e -> e.authenticationEntryPoint((req, res, ex) -> unauthenticated(req, res, ex, required))
                                .accessDeniedHandler(
                                        (req, res, ex) -> Problems.write(req, res, ProblemType.FORBIDDEN, forbidden)));
    }

    private static void unauthenticated(
            HttpServletRequest req, HttpServletResponse res, AuthenticationException ex, String required)
            throws IOException {
        if (ex instanceof NotReady) {
            Problems.write(req, res, ProblemType.NOT_READY, ex.getMessage());
            return;
        }
        res.setHeader("WWW-Authenticate", "Bearer");
        Problems.write(req, res, ProblemType.UNAUTHENTICATED, detail(ex, required));
    }

    /** The reason a token was refused, where the service said one in its own words; else what is required. */
    private static String detail(AuthenticationException ex, String required) {
        return ex instanceof Refused r ? r.getMessage() : required;
    }

    /** A presented token refused for a reason the client should read (an expired Worker API token). */
    public static final class Refused extends AuthenticationException {
        public Refused(String detail) {
            super(detail);
        }
    }

    private static RequestMatcher matcher(String[] a, String[] b) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        List<RequestMatcher> all = new ArrayList<>();
        for (String p : a) {
            all.add(paths.matcher(p));
        }
        for (String p : b) {
            all.add(paths.matcher(p));
        }
        return new OrRequestMatcher(all);
    }
}
