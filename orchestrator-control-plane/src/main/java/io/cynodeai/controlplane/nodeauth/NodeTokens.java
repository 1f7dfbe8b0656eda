package io.cynodeai.controlplane.nodeauth;

import io.cynodeai.serviceweb.HmacJwt;
import io.cynodeai.serviceweb.StateDir;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/** Issues and verifies node JWTs (issuer and audience of their own, never accepted for users). */
@Component
public class NodeTokens {
    static final String ISSUER = "cynode-control-plane";
    static final String AUDIENCE = "cynode-node";

    private final HmacJwt jwt;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param signingKey the key, or empty to use the one generated into the state dir
     */
    @ConfigurationProperties("cynode.node-jwt")
    public record Settings(
            String signingKey, @DefaultValue("24h") Duration ttl) {}

    NodeTokens(Settings settings, Clock clock) {
        this.jwt = new HmacJwt(
                StateDir.secret(settings.signingKey(), "node_jwt_signing_key", 32), ISSUER, AUDIENCE, clock);
        this.ttl = settings.ttl();
        this.clock = clock;
    }

    public record Issued(String token, Instant expiresAt) {}

    public Issued issue(UUID nodeId, String slug) {
        return new Issued(
                jwt.issue(slug, ttl, Map.of("nid", nodeId.toString())),
                clock.instant().plus(ttl));
    }

    Optional<NodePrincipal> verify(String token) {
        return jwt.verify(token).flatMap(claims -> {
            try {
                return Optional.of(
                        new NodePrincipal(UUID.fromString(claims.getStringClaim("nid")), claims.getSubject()));
            } catch (Exception e) {
                return Optional.empty();
            }
        });
    }
}
