package io.cynodeai.controlplane.registration;

import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.RegistrationRequest;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.controlplane.ControlPlaneSettings;
import io.cynodeai.controlplane.nodeauth.NodePrincipal;
import io.cynodeai.controlplane.nodeauth.NodeTokens;
import io.cynodeai.controlplane.nodes.NodeRecord;
import io.cynodeai.controlplane.nodes.Nodes;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.cynodeai.serviceweb.security.FailureLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "registration", description = "A node joins with the PSK and reports what it can do")
@RestController
class RegistrationController {
    private static final Logger log = LoggerFactory.getLogger(RegistrationController.class);

    private final Nodes nodes;
    private final NodeTokens tokens;
    private final RegistrationSettings settings;
    private final NodeIdentity identity;
    private final FailureLimiter failures;
    private final Clock clock;
    private final String baseUrl;
    private final List<String> peerBaseUrls;
    private final NodeBootstrapPayload.Trust trust;

    RegistrationController(
            Nodes nodes,
            NodeTokens tokens,
            RegistrationSettings settings,
            NodeIdentity identity,
            ControlPlaneSettings controlPlane,
            Clock clock) {
        this.nodes = nodes;
        this.tokens = tokens;
        this.settings = settings;
        this.identity = identity;
        this.failures = new FailureLimiter(settings.maxFailures(), settings.failureWindow(), clock);
        this.baseUrl = controlPlane.baseUrl();
        this.peerBaseUrls = controlPlane.peerBaseUrls();
        this.clock = clock;
        this.trust = trust(settings.nodeTrustCa());
    }

    /** What the bootstrap says the node must trust for the orchestrator: the configured CA, read once. */
    static NodeBootstrapPayload.Trust trust(org.springframework.core.io.Resource ca) {
        if (ca == null) {
            return null;
        }
        try {
            String pem = ca.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalStateException("cynode.registration.node-trust-ca holds no PEM certificate");
            }
            return new NodeBootstrapPayload.Trust(pem, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read cynode.registration.node-trust-ca: " + e.getMessage(), e);
        }
    }

    @Operation(
            summary = "Register a node with the PSK and its capability report: the bootstrap payload",
            description = "The PSK enrolls a slug nobody holds; a known node registers again with its node_credential")
    @ApiResponse(responseCode = "200", description = "The bootstrap payload: node JWT, URLs, and a new node credential")
    @ApiResponse(responseCode = "400", description = "The report is malformed, or its Worker API URL is not allowed")
    @ApiResponse(responseCode = "401", description = "The PSK is not valid")
    @ApiResponse(responseCode = "409", description = "The slug is another node's, or revoked (node-identity-conflict)")
    @ApiResponse(responseCode = "429", description = "Too many failed registrations; try again after Retry-After")
    @PostMapping("/v1/nodes/register")
    NodeBootstrapPayload register(@RequestBody RegistrationRequest request, HttpServletRequest http) {
        String client = http.getRemoteAddr();
        failures.blockedFor(client).ifPresent(wait -> {
            throw InvalidPsk.limited(wait);
        });
        if (!identity.pskAccepted(request.psk())) {
            failures.recordFailure(client);
            throw InvalidPsk.wrong();
        }
        NodeCapabilityReport report = request.capability();
        NodeIdentity.Proven proven;
        try {
            proven = identity.register(request, workerApiUrl(report));
        } catch (ProblemException refused) {
            failures.recordFailure(client); // a credential guess counts like a PSK guess
            log.warn("registration of node {} refused: {}", report.node().nodeSlug(), refused.getMessage());
            throw refused;
        }
        NodeRecord node = proven.registered().node();
        var jwt = tokens.issue(node.id(), node.slug(), proven.registered().identityEpoch());
        log.info(
                "node {} {} (worker api {})",
                node.slug(),
                request.nodeCredential() == null ? "enrolled" : "registered again",
                node.workerApiUrl());
        String base = baseUrl;
        List<String> peers = peerBaseUrls;
        return new NodeBootstrapPayload(
                1,
                clock.instant(),
                new NodeBootstrapPayload.Orchestrator(
                        base,
                        new NodeBootstrapPayload.Endpoints(
                                base + "/v1/nodes/register", base + "/v1/nodes/config", base + "/v1/nodes/capability"),
                        peers.isEmpty() ? null : peers),
                new NodeBootstrapPayload.Auth(jwt.token(), jwt.expiresAt(), proven.newCredential()),
                trust,
                node.appliedConfigVersion() == null
                        ? null
                        : node.appliedConfigVersion().toString(),
                null);
    }

    @Operation(summary = "Report a node's changed capabilities")
    @ApiResponse(responseCode = "204", description = "Recorded")
    @PostMapping("/v1/nodes/capability")
    ResponseEntity<Void> capability(
            @AuthenticationPrincipal NodePrincipal principal, @RequestBody NodeCapabilityReport report) {
        if (!principal.slug().equals(report.node().nodeSlug())) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "node.node_slug is not the authenticated node");
        }
        nodes.recordCapability(principal.nodeId(), report);
        return ResponseEntity.noContent().build();
    }

    private String workerApiUrl(NodeCapabilityReport report) {
        if (settings.workerApiUrlOverride() != null
                && !settings.workerApiUrlOverride().isBlank()) {
            return settings.workerApiUrlOverride();
        }
        return report.workerApi() == null
                ? null
                : WorkerUrls.check(report.workerApi().baseUrl());
    }
}
