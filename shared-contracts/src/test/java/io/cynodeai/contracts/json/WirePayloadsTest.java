package io.cynodeai.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.contracts.node.NodeConfigAck;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.contracts.node.RegistrationRequest;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.worker.RunJobRequest;
import io.cynodeai.contracts.worker.RunJobResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class WirePayloadsTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("bootstrap.json", NodeBootstrapPayload.class),
                Arguments.of("run-job-result.json", RunJobResult.class),
                Arguments.of("run-job-request.json", RunJobRequest.class),
                Arguments.of("capability.json", NodeCapabilityReport.class),
                Arguments.of("configuration.json", NodeConfigurationPayload.class),
                Arguments.of("ack.json", NodeConfigAck.class));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void roundTripsEveryExampleToEqualJson(String file, Class<? extends Validated> type) {
        String json = example(file);
        Validated parsed = Json.read(json, type);
        JsonNode back = Json.mapper().readTree(Json.write(parsed));
        assertThat(back).isEqualTo(Json.mapper().readTree(json));
    }

    @Test
    void rejectsVersionTwoNamingTheField() {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(example("bootstrap.json"));
        tree.put("version", 2);
        assertThatThrownBy(() -> Json.read(tree.toString(), NodeBootstrapPayload.class))
                .isInstanceOf(InvalidPayload.class)
                .hasMessageContaining("version")
                .extracting(e -> ((InvalidPayload) e).field())
                .isEqualTo("version");
    }

    @Test
    void rejectsMissingNestedRequiredFieldNamingItsPath() {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(example("bootstrap.json"));
        ((ObjectNode) tree.get("orchestrator").get("endpoints")).remove("node_config_url");
        assertThatThrownBy(() -> Json.read(tree.toString(), NodeBootstrapPayload.class))
                .isInstanceOf(InvalidPayload.class)
                .extracting(e -> ((InvalidPayload) e).field())
                .isEqualTo("orchestrator.endpoints.node_config_url");
    }

    @Test
    void rejectsUnknownNetworkPolicyAndStatus() {
        ObjectNode req = (ObjectNode) Json.mapper().readTree(example("run-job-request.json"));
        ((ObjectNode) req.get("sandbox")).put("network_policy", "host");
        assertThatThrownBy(() -> Json.read(req.toString(), RunJobRequest.class))
                .extracting(e -> ((InvalidPayload) e).field())
                .isEqualTo("sandbox.network_policy");
        ObjectNode ack = (ObjectNode) Json.mapper().readTree(example("ack.json"));
        ack.put("status", "done");
        assertThatThrownBy(() -> Json.read(ack.toString(), NodeConfigAck.class))
                .extracting(e -> ((InvalidPayload) e).field())
                .isEqualTo("status");
    }

    @Test
    void ignoresUnknownFields() {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(example("run-job-result.json"));
        tree.put("brand_new_field", "x");
        RunJobResult result = Json.read(tree.toString(), RunJobResult.class);
        assertThat(result.stdout()).isEqualTo("hello\n");
        assertThat(Json.write(result)).doesNotContain("brand_new_field");
    }

    @Test
    void rejectsMalformedJsonWithoutEchoingIt() {
        assertThatThrownBy(() -> Json.read("{\"version\":1,", RunJobRequest.class))
                .isInstanceOf(InvalidPayload.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void redactsSecretsInToString() {
        NodeConfigurationPayload config = Json.read(example("configuration.json"), NodeConfigurationPayload.class);
        NodeBootstrapPayload bootstrap = Json.read(example("bootstrap.json"), NodeBootstrapPayload.class);
        RegistrationRequest registration = new RegistrationRequest("the-psk-value", null);
        assertThat(config.toString()).doesNotContain("s3cr3t-token-value").contains("<redacted>");
        assertThat(bootstrap.toString()).doesNotContain("eyJ...");
        assertThat(registration.toString()).doesNotContain("the-psk-value");
    }

    static String example(String name) {
        try (InputStream in = WirePayloadsTest.class.getResourceAsStream("/examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
