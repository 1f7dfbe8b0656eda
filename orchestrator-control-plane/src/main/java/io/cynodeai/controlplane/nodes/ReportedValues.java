package io.cynodeai.controlplane.nodes;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeCapabilityReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The column values a node's capability report sets on its row, as named SQL parameters. */
final class ReportedValues {
    private ReportedValues() {}

    /** What a report sets on the node: {@code :hash :maxc :inf :models :labels :sandbox}. */
    static Map<String, Object> reported(NodeCapabilityReport report, String hash) {
        Map<String, Object> p = new HashMap<>();
        p.put("hash", hash);
        p.put("maxc", maxConcurrency(report));
        p.put("inf", inferenceSupported(report));
        p.put("models", inferenceModels(report));
        p.put("labels", labels(report));
        p.put(
                "sandbox",
                report.sandbox() == null
                        || !Boolean.FALSE.equals(report.sandbox().supported()));
        return p;
    }

    /** What a registration sets: the report's values, and {@code :slug :name :url :pin}. */
    static Map<String, Object> registration(NodeCapabilityReport report, String workerApiUrl, String hash) {
        Map<String, Object> p = reported(report, hash);
        p.put("slug", report.node().nodeSlug());
        p.put("name", report.node().name());
        p.put("url", workerApiUrl);
        // a certificate pins only an https Worker API
        p.put(
                "pin",
                workerApiUrl != null && workerApiUrl.startsWith("https:") && report.workerApi() != null
                        ? report.workerApi().tlsCertSha256()
                        : null);
        return p;
    }

    private static int maxConcurrency(NodeCapabilityReport report) {
        var sandbox = report.sandbox();
        return sandbox != null && sandbox.maxConcurrency() != null && sandbox.maxConcurrency() > 0
                ? sandbox.maxConcurrency()
                : 1;
    }

    private static boolean inferenceSupported(NodeCapabilityReport report) {
        return report.inference() != null
                && Boolean.TRUE.equals(report.inference().supported());
    }

    /** The models the report lists, as stored for routing ({@code []} when none). */
    private static String inferenceModels(NodeCapabilityReport report) {
        var inference = report.inference();
        return Json.write(inference == null || inference.models() == null ? List.of() : inference.models());
    }

    /** The labels the report lists ({@code []} when none). */
    private static String labels(NodeCapabilityReport report) {
        var labels = report.node().labels();
        return Json.write(labels == null ? List.of() : labels);
    }
}
