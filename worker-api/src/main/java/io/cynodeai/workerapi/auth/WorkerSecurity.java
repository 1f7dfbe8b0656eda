package io.cynodeai.workerapi.auth;

import io.cynodeai.serviceweb.security.BearerChain;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every {@code /v1/worker/**} call needs the orchestrator's bearer token, an opaque token the node
 * manager writes to a file ({@link TokenStore}), checked by Spring Security's resource server
 * through an introspector. 401 and 403 as problem details; 503 while no token is loaded yet.
 */
@Configuration
class WorkerSecurity {
    static final String ORCHESTRATOR = "orchestrator";

    @Bean
    OpaqueTokenIntrospector workerTokenIntrospector(TokenStore tokens) {
        return token -> switch (tokens.check(token)) {
            case ACCEPTED -> orchestrator();
            case INVALID -> throw new BearerChain.Refused("the bearer token is not valid");
            case EXPIRED ->
                throw new BearerChain.Refused("the bearer token has expired; the node must refresh its configuration");
            case NONE_LOADED -> throw new BearerChain.NotReady("this node has no Worker API token loaded yet");
        };
    }

    private static OAuth2AuthenticatedPrincipal orchestrator() {
        return new DefaultOAuth2AuthenticatedPrincipal(ORCHESTRATOR, Map.of("sub", ORCHESTRATOR), List.of());
    }

    @Bean
    SecurityFilterChain workerChain(HttpSecurity http, OpaqueTokenIntrospector introspector) throws Exception {
        return BearerChain.configure(
                        http,
                        o -> o.opaqueToken(t -> t.introspector(introspector)),
                        new String[0],
                        "a bearer token is required",
                        "not allowed")
                .authorizeHttpRequests(a -> a.requestMatchers("/v1/worker/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .build();
    }
}
