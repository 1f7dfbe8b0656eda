package io.cynodeai.controlplane.nodeauth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.controlplane.nodes.Nodes;
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
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Node endpoints demand a node JWT ({@code Authorization: Bearer}); registration, health,
 * metrics and the API description are open. 401 and 403 answer problem details.
 */
@Configuration
class NodeSecurity {

    @Bean
    SecurityFilterChain nodeChain(HttpSecurity http, NodeTokens tokens, Nodes nodes) throws Exception {
        return http.csrf(c -> c.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/v1/nodes/register",
                                "/healthz",
                                "/readyz",
                                "/error",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/v3/api-docs/**",
                                "/swagger-ui/**",
                                "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/v1/nodes/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) ->
                                Problems.write(req, res, ProblemType.UNAUTHENTICATED, "a valid node token is required"))
                        .accessDeniedHandler(
                                (req, res, ex) -> Problems.write(req, res, ProblemType.FORBIDDEN, "not allowed")))
                .addFilterBefore(new BearerFilter(tokens, nodes), UsernamePasswordAuthenticationFilter.class)
                .build();
    }

    private static final class BearerFilter extends OncePerRequestFilter {
        private final NodeTokens tokens;
        private final Nodes nodes;

        BearerFilter(NodeTokens tokens, Nodes nodes) {
            this.tokens = tokens;
            this.nodes = nodes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                tokens.verify(header.substring(7).strip()).ifPresent(principal -> {
                    nodes.touch(principal.nodeId());
                    SecurityContextHolder.getContext()
                            .setAuthentication(
                                    UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of()));
                });
            }
            chain.doFilter(request, response);
        }
    }
}
