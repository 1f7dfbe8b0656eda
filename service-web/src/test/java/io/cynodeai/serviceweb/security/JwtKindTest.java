package io.cynodeai.serviceweb.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

class JwtKindTest {
    static final String KEY = "a-signing-key-of-at-least-32-bytes!!";
    final JwtKind users = new JwtKind(KEY, "cynode-user-gateway", "cynode-user", Clock.systemUTC());

    @Test
    void aTokenOfThisKindIsAcceptedWithItsClaims() {
        Jwt jwt = users.decoder().decode(users.issue("u1", Duration.ofMinutes(5), Map.of("sid", "s1")));
        assertThat(jwt.getSubject()).isEqualTo("u1");
        assertThat(jwt.getClaimAsString("sid")).isEqualTo("s1");
        assertThat(jwt.getAudience()).containsExactly("cynode-user");
    }

    @Test
    void anotherKindWithTheSameKeyIsRefused() {
        JwtKind nodes = new JwtKind(KEY, "cynode-user-gateway", "cynode-node", Clock.systemUTC());
        String nodeToken = nodes.issue("n1", Duration.ofMinutes(5), Map.of());
        assertThatThrownBy(() -> users.decoder().decode(nodeToken)).isInstanceOf(JwtException.class);
        JwtKind otherIssuer = new JwtKind(KEY, "someone-else", "cynode-user", Clock.systemUTC());
        String foreign = otherIssuer.issue("u1", Duration.ofMinutes(5), Map.of());
        assertThatThrownBy(() -> users.decoder().decode(foreign)).isInstanceOf(JwtException.class);
    }

    @Test
    void anExpiredTokenIsRefusedPastTheSkew() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        String old = new JwtKind(KEY, "cynode-user-gateway", "cynode-user", past)
                .issue("u1", Duration.ofMinutes(5), Map.of());
        assertThatThrownBy(() -> users.decoder().decode(old)).isInstanceOf(JwtException.class);
    }

    @Test
    void aWrongSignatureAndAlgNoneAreRefused() {
        String token = users.issue("u1", Duration.ofMinutes(5), Map.of());
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> users.decoder().decode(tampered)).isInstanceOf(JwtException.class);
        String[] parts = token.split("\\.");
        String none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertThatThrownBy(() -> users.decoder().decode(none)).isInstanceOf(JwtException.class);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new JwtKind("short", "i", "a", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
