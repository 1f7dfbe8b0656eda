package io.cynodeai.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an honest OpenAPI document of ours says of every operation. */
public final class OpenApiChecks {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private OpenApiChecks() {}

    /**
     * What a service's own port ({@code api}) wrongly serves that belongs on its management port
     * ({@code management}, loopback only): metrics and the API description. Empty when both hold.
     */
    public static List<String> exposureOf(TestHttp api, TestHttp management) {
        List<String> out = new ArrayList<>();
        if (management.get("/actuator/prometheus", null).status() != 200) {
            out.add("no metrics on the management port");
        }
        int ui = management.get("/actuator/swagger-ui", null).status();
        if (ui != 200 && ui != 302) {
            out.add("no API browser on the management port (" + ui + ")");
        }
        for (String path :
                List.of("/v3/api-docs", "/actuator/prometheus", PATH, "/swagger-ui.html", "/swagger-ui/index.html")) {
            int status = api.get(path, null).status();
            if (status != 401 && status != 404) {
                out.add(path + " answered " + status + " on the service's own port");
            }
        }
        return out;
    }

    /** Where a service publishes its API description: on its management port (loopback only). */
    public static final String PATH = "/actuator/openapi";

    /**
     * What the service whose management port is behind {@code management} publishes at
     * {@link #PATH} falls short of: see {@link #shortcomings(String)}. Also proves the check itself
     * finds a missing summary.
     */
    public static List<String> shortcomingsOf(TestHttp management) {
        TestHttp.Reply docs = management.get(PATH, null);
        if (docs.status() != 200) {
            return List.of(PATH + " answered " + docs.status());
        }
        if (shortcomings(docs.body().replace("\"summary\"", "\"x\"")).isEmpty()) {
            return List.of("the check does not notice a missing summary");
        }
        return shortcomings(docs.body());
    }

    /**
     * Every way {@code apiDocs} falls short: an operation without a summary, a tag or an error
     * answer in problem details; an {@code /error} path. Empty when it holds.
     */
    public static List<String> shortcomings(String apiDocs) {
        JsonNode doc = JsonMapper.builder().build().readTree(apiDocs);
        List<String> out = new ArrayList<>();
        if (doc.path("paths").isEmpty()) {
            out.add("no paths at all");
        }
        doc.path("paths").properties().forEach(path -> {
            if (path.getKey().equals("/error")) {
                out.add("/error is described as an operation");
            }
            path.getValue().properties().forEach(op -> {
                if (!METHODS.contains(op.getKey())) {
                    return;
                }
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode o = op.getValue();
                if (o.path("summary").asString("").isBlank()) {
                    out.add(name + " has no summary");
                }
                if (o.path("tags").isEmpty()) {
                    out.add(name + " has no tag");
                }
                boolean errors = false;
                for (var r : o.path("responses").properties()) {
                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                        errors = true;
                        if (r.getValue()
                                .path("content")
                                .path("application/problem+json")
                                .isMissingNode()) {
                            out.add(name + " answers " + r.getKey() + " without problem details");
                        }
                    }
                }
                if (!errors) {
                    out.add(name + " states no error answer");
                }
            });
        });
        return out;
    }
}
