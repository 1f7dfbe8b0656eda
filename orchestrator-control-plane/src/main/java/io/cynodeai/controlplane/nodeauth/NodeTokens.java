package io.cynodeai.controlplane.nodeauth;

import io.cynodeai.localstate.StateDir;
import io.cynodeai.serviceweb.security.JwtKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/** Issues and verifies node JWTs (issuer and audience of their own, never accepted for users). */
@Component
public class NodeTokens {
    static final String ISSUER = "cynode-control-plane";
    static final String AUDIENCE = "cynode-node";

    private final JwtKind jwt;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param signingKey the key, or empty to use the one generated into the state dir
     */
    @ConfigurationProperties("cynode.node-jwt")
    public record Settings(
            String signingKey, @DefaultValue("24h") Duration ttl) {}

    NodeTokens(Settings settings, Clock clock) {
        this.jwt = new JwtKind(
                StateDir.secret(settings.signingKey(), "node_jwt_signing_key", 32), ISSUER, AUDIENCE, clock);
        this.ttl = settings.ttl();
        this.clock = clock;
    }

    public record Issued(String token, Instant expiresAt) {}

    /** A JWT for the node in its current identity epoch (a revocation or reset ends it). */
    public Issued issue(UUID nodeId, String slug, int identityEpoch) {
        return new Issued(
                jwt.issue(slug, ttl, Map.<String, Object>of("nid", nodeId.toString(), "gen", identityEpoch)),
                clock.instant().plus(ttl));
    }

    JwtDecoder decoder() {
        return jwt.decoder();
    }

    /** The node a verified token names; none for a token without an identity epoch (issued before there were). */
    static Optional<NodePrincipal> principal(Jwt verified) {
        try {
            Object gen = verified.getClaim("gen");
            if (!(gen instanceof Number epoch)) {
                return Optional.empty();
            }
            return Optional.of(new NodePrincipal(
                    UUID.fromString(verified.getClaimAsString("nid")), verified.getSubject(), epoch.intValue()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
