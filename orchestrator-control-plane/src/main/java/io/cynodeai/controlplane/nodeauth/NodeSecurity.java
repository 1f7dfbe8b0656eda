package io.cynodeai.controlplane.nodeauth;

import io.cynodeai.controlplane.nodes.Nodes;
import io.cynodeai.serviceweb.StatelessBearer;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Node endpoints demand a node JWT ({@code Authorization: Bearer}); registration, health,
 * metrics and the API description are open. 401 and 403 answer problem details.
 */
@Configuration
class NodeSecurity {

    @Bean
    SecurityFilterChain nodeChain(HttpSecurity http, NodeTokens tokens, Nodes nodes) throws Exception {
        return StatelessBearer.configure(
                        http,
                        token -> tokens.verify(token).map(principal -> {
                            nodes.touch(principal.nodeId());
                            return (Authentication)
                                    UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of());
                        }),
                        "a valid node token is required",
                        "not allowed")
                .authorizeHttpRequests(a -> a.requestMatchers(StatelessBearer.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers("/v1/nodes/register")
                        .permitAll()
                        .requestMatchers("/v1/nodes/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
