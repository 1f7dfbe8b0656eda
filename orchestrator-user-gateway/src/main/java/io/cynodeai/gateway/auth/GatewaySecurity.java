package io.cynodeai.gateway.auth;

import io.cynodeai.serviceweb.security.BearerChain;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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

/**
 * Stateless bearer auth: every request but login, refresh, health and the API description needs
 * a valid access token of a live session of an active user, or a live API token of an active user; {@code /v1/users} admin actions and the node view ({@code /v1/nodes}) need
 * the admin role. 401 and 403 answer problem details.
 */
@Configuration
class GatewaySecurity {
    private static final String[] OPEN = {"/v1/auth/login", "/v1/auth/refresh"};

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
                .authorizeHttpRequests(a -> a.requestMatchers(BearerChain.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers(OPEN)
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
