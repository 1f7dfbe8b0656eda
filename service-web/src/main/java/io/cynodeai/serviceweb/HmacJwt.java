package io.cynodeai.serviceweb;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * HS256 JWTs of one kind: a key, an issuer and an audience of their own, so a token of one kind
 * (node, user) is never accepted where another is expected. Verification refuses any algorithm
 * but HS256 (so {@code alg: none}), a wrong signature, issuer or audience, and a token that is
 * expired, not yet valid or has no expiry.
 */
public final class HmacJwt {
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final byte[] key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public HmacJwt(String secret, String issuer, String audience, Clock clock) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalArgumentException("a JWT signing key needs at least 256 bits");
        }
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    /** Signs a token for {@code subject} valid for {@code ttl}, with extra claims. */
    public String issue(String subject, Duration ttl, Map<String, Object> claims) {
        Instant now = clock.instant();
        var builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        claims.forEach(builder::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a JWT", e);
        }
    }

    /** The verified claims, or empty for any token that must not be accepted. */
    public Optional<JWTClaimsSet> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            boolean valid = issuer.equals(claims.getIssuer())
                    && claims.getAudience().equals(List.of(audience))
                    && claims.getSubject() != null
                    && claims.getExpirationTime() != null
                    && claims.getExpirationTime().toInstant().isAfter(now.minus(SKEW))
                    && (claims.getNotBeforeTime() == null
                            || !claims.getNotBeforeTime().toInstant().isAfter(now.plus(SKEW)));
            return valid ? Optional.of(claims) : Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
