package io.cynodeai.contracts.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class CapabilityHashTest {

    private static final String REPORT = """
            {"version":1,"reported_at":"2026-11-24T10:00:00Z",
             "node":{"node_slug":"n1","name":"one"},
             "platform":{"os":"linux","arch":"amd64"},
             "compute":{"cpu_cores":2,"ram_mb":1024},
             "sandbox":{"supported":true,"features":["netns"]}}""";

    @Test
    void isStableForReorderedKeysAndAnotherReportTime() {
        String reordered =
                reverseKeys(Json.mapper().readTree(REPORT)).toString().replace("10:00:00Z", "11:30:00Z");
        NodeCapabilityReport a = Json.read(REPORT, NodeCapabilityReport.class);
        NodeCapabilityReport b = Json.read(reordered, NodeCapabilityReport.class);
        assertThat(b.reportedAt()).isNotEqualTo(a.reportedAt());
        assertThat(CapabilityHash.of(a))
                .isEqualTo(CapabilityHash.of(b))
                .startsWith("sha256:")
                .hasSize(71);
    }

    @Test
    void ignoresAnEarlierHashInTheReport() {
        NodeCapabilityReport a = Json.read(REPORT, NodeCapabilityReport.class);
        assertThat(CapabilityHash.of(a.withCapabilityHash("sha256:stale"))).isEqualTo(CapabilityHash.of(a));
    }

    @Test
    void changesWhenAnyOtherValueChanges() {
        NodeCapabilityReport a = Json.read(REPORT, NodeCapabilityReport.class);
        for (String changed : List.of(
                REPORT.replace("\"n1\"", "\"n2\""),
                REPORT.replace("\"cpu_cores\":2", "\"cpu_cores\":3"),
                REPORT.replace("\"netns\"", "\"seccomp\""),
                REPORT.replace("\"one\"", "\"uno\""))) {
            assertThat(CapabilityHash.of(Json.read(changed, NodeCapabilityReport.class)))
                    .as(changed)
                    .isNotEqualTo(CapabilityHash.of(a));
        }
        NodeCapabilityReport later = new NodeCapabilityReport(
                1,
                Instant.now(),
                a.node(),
                a.platform(),
                null,
                a.compute(),
                null,
                a.sandbox(),
                null,
                null,
                null,
                new NodeCapabilityReport.WorkerApi("http://127.0.0.1:1"),
                null);
        assertThat(CapabilityHash.of(later)).isNotEqualTo(CapabilityHash.of(a));
    }

    private static JsonNode reverseKeys(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
        Collections.reverse(entries);
        ObjectNode out = Json.mapper().createObjectNode();
        entries.forEach(e -> out.set(e.getKey(), reverseKeys(e.getValue())));
        return out;
    }
}
