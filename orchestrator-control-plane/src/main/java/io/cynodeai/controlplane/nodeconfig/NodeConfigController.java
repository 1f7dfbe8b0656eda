package io.cynodeai.controlplane.nodeconfig;

import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.controlplane.nodeauth.NodePrincipal;
import io.cynodeai.controlplane.nodes.NodeRecord;
import io.cynodeai.controlplane.nodes.Nodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "node configuration", description = "A node fetches its configuration and acknowledges each version")
@RestController
class NodeConfigController {
    private final Nodes nodes;
    private final NodeConfigs configs;

    NodeConfigController(Nodes nodes, NodeConfigs configs) {
        this.nodes = nodes;
        this.configs = configs;
    }

    @Operation(summary = "Fetch the node's current configuration (a new version when it changed)")
    @ApiResponse(responseCode = "200", description = "The configuration, with the Worker API token")
    @ApiResponse(responseCode = "404", description = "The node is not registered")
    @GetMapping("/v1/nodes/config")
    NodeConfigurationPayload config(@AuthenticationPrincipal NodePrincipal principal) {
        return configs.current(node(principal));
    }

    @Operation(summary = "Acknowledge a configuration version: applied, failed or rolled back")
    @ApiResponse(responseCode = "204", description = "Recorded")
    @ApiResponse(responseCode = "404", description = "The node is not registered")
    @PostMapping("/v1/nodes/config")
    ResponseEntity<Void> ack(@AuthenticationPrincipal NodePrincipal principal, @RequestBody NodeConfigAck ack) {
        configs.acknowledge(node(principal), ack);
        return ResponseEntity.noContent().build();
    }

    private NodeRecord node(NodePrincipal principal) {
        return nodes.bySlug(principal.slug()).orElseThrow(() -> NodeConfigProblems.unknownNode(principal.slug()));
    }
}
