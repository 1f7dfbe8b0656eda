package io.cynodeai.serviceweb.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * HS256 JWTs of one kind (node, user): a key, an issuer and an audience of their own, so a token
 * of one kind is never accepted where another is expected. Issued by {@link NimbusJwtEncoder};
 * the {@link #decoder()} refuses any algorithm but HS256 (so {@code alg: none}), a wrong
 * signature, issuer or audience, a token without subject or expiry, and one outside its validity
 * (30 s of clock skew allowed).
 */
public final class JwtKind {
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final JwtEncoder encoder;
    private final NimbusJwtDecoder decoder;

    public JwtKind(String secret, String issuer, String audience, Clock clock) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalArgumentException("a JWT signing key needs at least 256 bits");
        }
        SecretKey hmac = new SecretKeySpec(key, "HmacSHA256");
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(hmac));
        this.decoder = NimbusJwtDecoder.withSecretKey(hmac)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(SKEW);
        timestamps.setClock(clock);
        decoder.setJwtValidator(validator(timestamps));
    }

    private OAuth2TokenValidator<Jwt> validator(JwtTimestampValidator timestamps) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, List.of(audience)::equals),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, s -> s != null && !s.isBlank()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, e -> e != null)));
    }

    /** Signs a token for {@code subject} valid for {@code ttl}, with extra claims. */
    public String issue(String subject, Duration ttl, Map<String, Object> claims) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder set = JwtClaimsSet.builder()
                .issuer(issuer)
                .audience(List.of(audience))
                .subject(subject)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(ttl));
        claims.forEach(set::claim);
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, set.build())).getTokenValue();
    }

    /** Verifies a token of this kind (throws {@code JwtException} for any token that must not be accepted). */
    public JwtDecoder decoder() {
        return decoder;
    }
}
