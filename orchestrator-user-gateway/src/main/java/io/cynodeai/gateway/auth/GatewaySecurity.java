package io.cynodeai.gateway.auth;

import io.cynodeai.serviceweb.StatelessBearer;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Stateless bearer auth: every request but login, refresh, health and the API description needs
 * a valid access token of a live session of an active user; {@code /v1/users} admin actions need
 * the admin role. 401 and 403 answer problem details.
 */
@Configuration
class GatewaySecurity {

    @Bean
    SecurityFilterChain userChain(HttpSecurity http, UserTokens tokens, Sessions sessions) throws Exception {
        return StatelessBearer.configure(
                        http,
                        token -> tokens.verify(token)
                                .flatMap(ids -> sessions.live(ids[1], ids[0]))
                                .map(GatewaySecurity::authentication),
                        "a valid access token is required",
                        "this needs an administrator")
                .authorizeHttpRequests(a -> a.requestMatchers(StatelessBearer.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers("/v1/auth/login", "/v1/auth/refresh")
                        .permitAll()
                        .requestMatchers("/v1/users/me")
                        .authenticated()
                        .requestMatchers("/v1/users", "/v1/users/**")
                        .hasRole("ADMIN")
                        .requestMatchers("/v1/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .build();
    }

    private static Authentication authentication(UserPrincipal principal) {
        return UsernamePasswordAuthenticationToken.authenticated(
                principal, null, principal.admin() ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN")) : List.of());
    }
}
