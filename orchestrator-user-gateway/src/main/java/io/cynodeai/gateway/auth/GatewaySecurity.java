package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stateless bearer auth: every request but login, refresh, health and the API description needs
 * a valid access token of a live session of an active user; {@code /v1/users} admin actions need
 * the admin role. 401 and 403 answer problem details.
 */
@Configuration
class GatewaySecurity {

    @Bean
    SecurityFilterChain userChain(HttpSecurity http, UserTokens tokens, Sessions sessions) throws Exception {
        return http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/v1/auth/login",
                                "/v1/auth/refresh",
                                "/healthz",
                                "/readyz",
                                "/error",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/v3/api-docs/**",
                                "/swagger-ui/**",
                                "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/v1/users/me")
                        .authenticated()
                        .requestMatchers("/v1/users", "/v1/users/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/v1/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> {
                            res.setHeader("WWW-Authenticate", "Bearer");
                            Problems.write(req, res, ProblemType.UNAUTHENTICATED, "a valid access token is required");
                        })
                        .accessDeniedHandler((req, res, ex) ->
                                Problems.write(req, res, ProblemType.FORBIDDEN, "this needs an administrator")))
                .addFilterBefore(new BearerFilter(tokens, sessions), UsernamePasswordAuthenticationFilter.class)
                .build();
    }

    private static final class BearerFilter extends OncePerRequestFilter {
        private final UserTokens tokens;
        private final Sessions sessions;

        BearerFilter(UserTokens tokens, Sessions sessions) {
            this.tokens = tokens;
            this.sessions = sessions;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                tokens.verify(header.substring(7).strip())
                        .flatMap(ids -> sessions.live(ids[1], ids[0]))
                        .ifPresent(principal -> SecurityContextHolder.getContext()
                                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                                        principal,
                                        null,
                                        principal.admin()
                                                ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))
                                                : List.of())));
            }
            chain.doFilter(request, response);
        }
    }
}
