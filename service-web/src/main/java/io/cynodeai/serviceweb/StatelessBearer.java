package io.cynodeai.serviceweb;

import io.cynodeai.contracts.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security chain every token-authenticated service shares: stateless, no login forms or
 * sessions, {@code Authorization: Bearer} resolved by the service, and 401/403 as problem details.
 * Each service adds only its own authorization rules.
 */
public final class StatelessBearer {
    /** Paths every service leaves open: health, metrics, the API description, the error page. */
    public static final String[] OPEN_PATHS = {
        "/healthz",
        "/readyz",
        "/error",
        "/actuator/health/**",
        "/actuator/prometheus",
        "/v3/api-docs/**",
        "/swagger-ui/**",
        "/swagger-ui.html"
    };

    private StatelessBearer() {}

    /**
     * @param resolver the authentication for a presented token, or empty to leave the request anonymous
     * @param required what a 401 says is needed
     * @param forbidden what a 403 says
     */
    public static HttpSecurity configure(
            HttpSecurity http, Function<String, Optional<Authentication>> resolver, String required, String forbidden)
            throws Exception {
        return http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> {
                            res.setHeader("WWW-Authenticate", "Bearer");
                            Problems.write(req, res, ProblemType.UNAUTHENTICATED, required);
                        })
                        .accessDeniedHandler(
                                (req, res, ex) -> Problems.write(req, res, ProblemType.FORBIDDEN, forbidden)))
                .addFilterBefore(new BearerFilter(resolver), UsernamePasswordAuthenticationFilter.class);
    }

    private static final class BearerFilter extends OncePerRequestFilter {
        private final Function<String, Optional<Authentication>> resolver;

        BearerFilter(Function<String, Optional<Authentication>> resolver) {
            this.resolver = resolver;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                resolver.apply(header.substring(7).strip())
                        .ifPresent(auth -> SecurityContextHolder.getContext().setAuthentication(auth));
            }
            chain.doFilter(request, response);
        }
    }
}
