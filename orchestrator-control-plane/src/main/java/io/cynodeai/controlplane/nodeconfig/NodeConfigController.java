package io.cynodeai.controlplane.nodeconfig;

import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.controlplane.nodeauth.NodePrincipal;
import io.cynodeai.controlplane.nodes.NodeRecord;
import io.cynodeai.controlplane.nodes.Nodes;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NodeConfigController {
    private final Nodes nodes;
    private final NodeConfigs configs;

    NodeConfigController(Nodes nodes, NodeConfigs configs) {
        this.nodes = nodes;
        this.configs = configs;
    }

    @GetMapping("/v1/nodes/config")
    NodeConfigurationPayload config(@AuthenticationPrincipal NodePrincipal principal) {
        return configs.current(node(principal));
    }

    @PostMapping("/v1/nodes/config")
    ResponseEntity<Void> ack(@AuthenticationPrincipal NodePrincipal principal, @RequestBody NodeConfigAck ack) {
        configs.acknowledge(node(principal), ack);
        return ResponseEntity.noContent().build();
    }

    private NodeRecord node(NodePrincipal principal) {
        return nodes.bySlug(principal.slug()).orElseThrow(() -> NodeConfigProblems.unknownNode(principal.slug()));
    }
}
