package io.cynodeai.controlplane.nodeconfig;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.controlplane.nodeauth.NodeTokens;
import io.cynodeai.controlplane.nodes.NodeRecord;
import io.cynodeai.controlplane.nodes.Nodes;
import io.cynodeai.serviceweb.ServiceWebAutoConfiguration;
import io.cynodeai.serviceweb.security.JwtKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The node configuration endpoints as a web slice: the real node-token security and problem
 * details, the registry and the configurations mocked (the wiring to the database is not the
 * point here; NodeLifecycleIT is).
 */
@WebMvcTest(
        controllers = NodeConfigController.class,
        properties = "cynode.node-jwt.signing-key=" + NodeConfigControllerTest.KEY)
@ImportAutoConfiguration(ServiceWebAutoConfiguration.class)
@Import({NodeConfigControllerTest.Beans.class})
class NodeConfigControllerTest {
    static final String KEY = "slice-test-node-signing-key-0123456789abcdef";

    /** The real node-token security, with its settings (the application's Clock comes with the slice). */
    @EnableWebSecurity
    @EnableConfigurationProperties(NodeTokens.Settings.class)
    @ComponentScan(
            basePackages = "io.cynodeai.controlplane.nodeauth",
            useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*\\.(NodeTokens|NodeSecurity)"))
    static class Beans {}

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Nodes nodes;

    @MockitoBean
    NodeConfigs configs;

    final UUID nodeId = UUID.randomUUID();

    String nodeToken(String slug) {
        return new JwtKind(KEY, "cynode-control-plane", "cynode-node", Clock.systemUTC())
                .issue(slug, Duration.ofMinutes(5), Map.of("nid", nodeId.toString(), "gen", 4));
    }

    @BeforeEach
    void theNodeIsInGoodStanding() {
        when(nodes.touch(nodeId, 4)).thenReturn(true);
    }

    @Test
    void aRevokedOrResetNodesTokenIsRefusedAndNothingIsRead() throws Exception {
        when(nodes.touch(nodeId, 4)).thenReturn(false);
        mvc.perform(get("/v1/nodes/config").header("Authorization", "Bearer " + nodeToken("n1")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://cynode.ai/problems/unauthenticated"));
        verify(configs, never()).current(any());
    }

    @Test
    void aTokenWithoutAnIdentityEpochIsRefused() throws Exception {
        String old = new JwtKind(KEY, "cynode-control-plane", "cynode-node", Clock.systemUTC())
                .issue("n1", Duration.ofMinutes(5), Map.of("nid", nodeId.toString()));
        mvc.perform(get("/v1/nodes/config").header("Authorization", "Bearer " + old))
                .andExpect(status().isUnauthorized());
        verify(configs, never()).current(any());
    }

    NodeRecord node() {
        return new NodeRecord(nodeId, "n1", "n1", "active", "http://127.0.0.1:1", "sha256:x", 2, false, 1L);
    }

    @Test
    void aNodeGetsItsConfigurationInWireJson() throws Exception {
        NodeConfigurationPayload config = Json.read(
                new String(getClass().getResourceAsStream("/configuration.json").readAllBytes()),
                NodeConfigurationPayload.class);
        when(nodes.bySlug("n1")).thenReturn(Optional.of(node()));
        when(configs.current(any())).thenReturn(config);
        mvc.perform(get("/v1/nodes/config").header("Authorization", "Bearer " + nodeToken("n1")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.config_version").value("2"))
                .andExpect(jsonPath("$.worker_api.orchestrator_bearer_token").exists());
        verify(nodes).touch(nodeId, 4);
    }

    @Test
    void anUnregisteredNodeIsAProblem() throws Exception {
        when(nodes.bySlug("gone")).thenReturn(Optional.empty());
        mvc.perform(get("/v1/nodes/config").header("Authorization", "Bearer " + nodeToken("gone")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://cynode.ai/problems/not-found"));
    }

    @Test
    void withoutANodeTokenNothingIsRead() throws Exception {
        mvc.perform(get("/v1/nodes/config").header("Authorization", "Bearer not-a-token"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("a valid node token is required"));
        verify(configs, never()).current(any());
    }

    @Test
    void anAckThatBreaksAWireRuleNamesTheField() throws Exception {
        when(nodes.bySlug("n1")).thenReturn(Optional.of(node()));
        mvc.perform(post("/v1/nodes/config")
                        .header("Authorization", "Bearer " + nodeToken("n1"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":1,\"node_slug\":\"n1\",\"config_version\":\"1\","
                                + "\"ack_at\":\"2026-12-01T00:00:00Z\",\"status\":\"done\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("status: must be one of [applied, failed, rolled_back]"));
        verify(configs, never()).acknowledge(any(), any());
    }
}
