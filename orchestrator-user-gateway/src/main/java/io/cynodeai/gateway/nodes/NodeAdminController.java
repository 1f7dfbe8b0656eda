package io.cynodeai.gateway.nodes;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.gateway.auth.AuthAudit;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The nodes, for administrators (nodes.md §1–2); every action is audited. */
@Tag(name = "nodes", description = "The worker nodes (administrators): view, drain, resume, revoke, reset")
@RestController
class NodeAdminController {
    private static final Logger log = LoggerFactory.getLogger(NodeAdminController.class);

    private final NodeAdmin nodes;
    private final AuthAudit audit;

    NodeAdminController(NodeAdmin nodes, AuthAudit audit) {
        this.nodes = nodes;
        this.audit = audit;
    }

    @Operation(summary = "List the nodes (administrators)")
    @ApiResponse(responseCode = "200", description = "Every node, by slug")
    @ApiResponse(responseCode = "403", description = "This needs an administrator")
    @GetMapping("/v1/nodes")
    NodeView.NodeList list() {
        return new NodeView.NodeList(nodes.all());
    }

    @Operation(summary = "Read one node (administrators)")
    @ApiResponse(responseCode = "200", description = "The node")
    @ApiResponse(responseCode = "404", description = "No such node")
    @GetMapping("/v1/nodes/{slug}")
    NodeView get(@PathVariable String slug) {
        return view(slug);
    }

    @Operation(summary = "Drain a node: no new jobs, its running jobs finish (administrators)")
    @ApiResponse(responseCode = "200", description = "The node, draining")
    @ApiResponse(responseCode = "404", description = "No such node")
    @ApiResponse(responseCode = "409", description = "The node is revoked or reset")
    @PostMapping("/v1/nodes/{slug}/drain")
    NodeView drain(@AuthenticationPrincipal UserPrincipal admin, @PathVariable String slug, HttpServletRequest http) {
        return move(admin, slug, "active", "draining", "node_drain", http);
    }

    @Operation(summary = "Resume a drained node (administrators)")
    @ApiResponse(responseCode = "200", description = "The node, active")
    @ApiResponse(responseCode = "404", description = "No such node")
    @ApiResponse(responseCode = "409", description = "The node is revoked or reset")
    @PostMapping("/v1/nodes/{slug}/resume")
    NodeView resume(@AuthenticationPrincipal UserPrincipal admin, @PathVariable String slug, HttpServletRequest http) {
        return move(admin, slug, "draining", "active", "node_resume", http);
    }

    @Operation(
            summary = "Revoke a node at once (administrators)",
            description = "Its JWTs are refused, it gets no job, its running jobs are re-queued; until a reset")
    @ApiResponse(responseCode = "200", description = "The node, revoked")
    @ApiResponse(responseCode = "404", description = "No such node")
    @PostMapping("/v1/nodes/{slug}/revoke")
    NodeView revoke(@AuthenticationPrincipal UserPrincipal admin, @PathVariable String slug, HttpServletRequest http) {
        return endIdentity(admin, slug, false, http);
    }

    @Operation(
            summary = "Reset a node (administrators)",
            description = "Forgets its credential, so the slug can be enrolled again with the PSK (a node that lost"
                    + " its disk); its JWTs are refused and its running jobs re-queued at once")
    @ApiResponse(responseCode = "200", description = "The node, pending enrollment")
    @ApiResponse(responseCode = "404", description = "No such node")
    @PostMapping("/v1/nodes/{slug}/reset")
    NodeView reset(@AuthenticationPrincipal UserPrincipal admin, @PathVariable String slug, HttpServletRequest http) {
        return endIdentity(admin, slug, true, http);
    }

    private NodeView move(
            UserPrincipal admin, String slug, String from, String to, String event, HttpServletRequest http) {
        if (!nodes.move(slug, from, to)) {
            String status = nodes.statusOf(slug).orElseThrow(() -> notFound(slug));
            if (!status.equals(to)) {
                throw new ProblemException(ProblemType.CONFLICT, "node " + slug + " is " + status + ", not " + from);
            }
        }
        audit.record(event, "success", admin.userId(), admin.handle(), http.getRemoteAddr(), Map.of("node", slug));
        return view(slug);
    }

    private NodeView endIdentity(UserPrincipal admin, String slug, boolean reset, HttpServletRequest http) {
        int requeued = nodes.endIdentity(slug, reset).orElseThrow(() -> notFound(slug));
        String event = reset ? "node_reset" : "node_revoke";
        audit.record(
                event,
                "success",
                admin.userId(),
                admin.handle(),
                http.getRemoteAddr(),
                Map.of("node", slug, "requeued_jobs", requeued));
        log.info(
                "node {} {} by {}; {} running jobs re-queued",
                slug,
                reset ? "reset" : "revoked",
                admin.handle(),
                requeued);
        return view(slug);
    }

    private NodeView view(String slug) {
        return nodes.bySlug(slug).orElseThrow(() -> notFound(slug));
    }

    private static ProblemException notFound(String slug) {
        return new ProblemException(ProblemType.NOT_FOUND, "no node " + slug);
    }
}
