package io.cynodeai.nodemanager.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.CapabilityHash;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import io.cynodeai.nodemanager.nodeyaml.NodeYamlLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CapabilityCollectorTest {

    @Test
    void collectsAValidReportWithAStableHash() throws InterruptedException {
        var yaml = NodeYamlLoader.parse("""
                        version: 1
                        orchestrator: { url: "http://127.0.0.1:12082" }
                        node: { id: n1, labels: [lab] }
                        worker_api: { public_base_url: "http://10.0.0.5:12090" }
                        inference: { mode: disabled }
                        """).yaml();
        NodeCapabilityReport first = CapabilityCollector.collect(yaml, Path.of("."));
        Thread.sleep(5);
        NodeCapabilityReport second = CapabilityCollector.collect(yaml, Path.of("."));
        NodeCapabilityReport reparsed = Json.read(Json.write(first), NodeCapabilityReport.class);
        assertThat(reparsed.compute().cpuCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(reparsed.compute().ramMb()).isPositive();
        assertThat(reparsed.platform().os()).isEqualTo("linux");
        assertThat(reparsed.workerApi().baseUrl()).isEqualTo("http://10.0.0.5:12090");
        assertThat(reparsed.inference().supported()).isFalse();
        assertThat(first.capabilityHash()).isEqualTo(CapabilityHash.of(first)).isEqualTo(second.capabilityHash());
        assertThat(first.reportedAt()).isNotEqualTo(second.reportedAt());
    }
}
