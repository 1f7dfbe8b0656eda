package io.cynodeai.controlplane.nodeauth;

import io.cynodeai.controlplane.nodes.Nodes;
import io.cynodeai.serviceweb.security.BearerChain;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Node endpoints demand a node JWT ({@code Authorization: Bearer}); registration, health,
 * metrics and the API description are open. 401 and 403 answer problem details.
 */
@Configuration
class NodeSecurity {
    private static final String[] OPEN = {"/v1/nodes/register"};

    @Bean
    SecurityFilterChain nodeChain(HttpSecurity http, NodeTokens tokens, Nodes nodes) throws Exception {
        return BearerChain.configure(
                        http,
                        o -> o.jwt(j -> j.decoder(tokens.decoder())
                                .jwtAuthenticationConverter(jwt -> NodeTokens.principal(jwt)
                                        // A revoked or reset node's JWT is refused at once (nodes.md §1).
                                        .filter(principal -> nodes.touch(principal.nodeId(), principal.identityEpoch()))
                                        .map(principal -> UsernamePasswordAuthenticationToken.authenticated(
                                                principal, null, List.of()))
                                        .orElseThrow(() -> new InvalidBearerTokenException("not a valid node token")))),
                        OPEN,
                        "a valid node token is required",
                        "not allowed")
                .authorizeHttpRequests(a -> a.requestMatchers(BearerChain.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers(OPEN)
                        .permitAll()
                        .requestMatchers("/v1/nodes/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
