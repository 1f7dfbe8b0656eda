package io.cynodeai.controlplane.registration;

import io.cynodeai.contracts.hash.Sha256;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.RegistrationRequest;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.controlplane.ControlPlaneSettings;
import io.cynodeai.controlplane.nodeauth.NodePrincipal;
import io.cynodeai.controlplane.nodeauth.NodeTokens;
import io.cynodeai.controlplane.nodes.NodeRecord;
import io.cynodeai.controlplane.nodes.Nodes;
import io.cynodeai.localstate.StateDir;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.cynodeai.serviceweb.security.FailureLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.time.Clock;
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
    private final byte[] psk;
    private final FailureLimiter failures;
    private final Clock clock;
    private final String baseUrl;

    RegistrationController(
            Nodes nodes,
            NodeTokens tokens,
            RegistrationSettings settings,
            ControlPlaneSettings controlPlane,
            Clock clock) {
        this.nodes = nodes;
        this.tokens = tokens;
        this.settings = settings;
        this.psk = Sha256.of(StateDir.secret(settings.psk(), "registration_psk", 32));
        this.failures = new FailureLimiter(settings.maxFailures(), settings.failureWindow(), clock);
        this.baseUrl = controlPlane.baseUrl();
        this.clock = clock;
    }

    @Operation(summary = "Register a node with the PSK and its capability report: the bootstrap payload")
    @ApiResponse(responseCode = "200", description = "The bootstrap payload: node JWT and URLs")
    @ApiResponse(responseCode = "401", description = "The PSK is not valid")
    @ApiResponse(responseCode = "429", description = "Too many failed registrations; try again after Retry-After")
    @PostMapping("/v1/nodes/register")
    NodeBootstrapPayload register(@RequestBody RegistrationRequest request, HttpServletRequest http) {
        String client = http.getRemoteAddr();
        failures.blockedFor(client).ifPresent(wait -> {
            throw InvalidPsk.limited(wait);
        });
        // Digests of equal length: the comparison takes the same time whatever the guess.
        if (!MessageDigest.isEqual(psk, Sha256.of(request.psk()))) {
            failures.recordFailure(client);
            throw InvalidPsk.wrong();
        }
        NodeCapabilityReport report = request.capability();
        NodeRecord node = nodes.register(report, workerApiUrl(report));
        var jwt = tokens.issue(node.id(), node.slug());
        log.info("node {} registered (worker api {})", node.slug(), node.workerApiUrl());
        String base = baseUrl;
        return new NodeBootstrapPayload(
                1,
                clock.instant(),
                new NodeBootstrapPayload.Orchestrator(
                        base,
                        new NodeBootstrapPayload.Endpoints(
                                base + "/v1/nodes/register", base + "/v1/nodes/config", base + "/v1/nodes/capability")),
                new NodeBootstrapPayload.Auth(jwt.token(), jwt.expiresAt()),
                null,
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
        return report.workerApi() == null ? null : report.workerApi().baseUrl();
    }
}
