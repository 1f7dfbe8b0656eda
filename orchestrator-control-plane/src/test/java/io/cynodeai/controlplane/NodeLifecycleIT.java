package io.cynodeai.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.controlplane.nodeconfig.NodeConfigs;
import io.cynodeai.serviceweb.security.JwtKind;
import io.cynodeai.testsupport.OpenApiChecks;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cynode.registration.psk=" + NodeLifecycleIT.PSK,
            "cynode.registration.additional-psks=" + NodeLifecycleIT.NEXT_PSK,
            // Refused identities count like wrong PSKs; these tests make many from one address.
            "cynode.registration.max-failures=1000",
            "cynode.control-plane.public-base-url=http://control-plane.test:12082/",
            "cynode.node-jwt.signing-key=test-node-signing-key-0123456789abcdef",
            "cynode.node-config.token-encryption-key=test-token-encryption-key-0123456789",
            "cynode.node-config.inference-image=cynode-inference-standin:latest",
            "cynode.dispatch.enabled=false"
        })
@ExtendWith(OutputCaptureExtension.class)
class NodeLifecycleIT {
    static final String PSK = "test-psk-3b1c0e7d9a5f4e21";
    static final String NEXT_PSK = "next-psk-5d2e9f0a1b7c4e63";
    /** The node credential each slug was enrolled with (nodes.md §1), to register it again. */
    final Map<String, String> credentials = new java.util.concurrent.ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    NodeConfigs configs;

    @Autowired
    io.cynodeai.controlplane.nodeconfig.DispatchTargets targets;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;
    final List<String> secretsSeen = new ArrayList<>();

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    static String capability(String slug, String workerUrl, boolean inference) {
        return """
                {"version":1,"reported_at":"%s","node":{"node_slug":"%s","name":"Test node"},
                 "platform":{"os":"linux","arch":"amd64"},"compute":{"cpu_cores":2,"ram_mb":2048},
                 "sandbox":{"supported":true,"max_concurrency":2},
                 "inference":{"supported":%s,"mode":"%s"%s},
                 "worker_api":{"base_url":"%s"}}""".formatted(
                        Instant.now(),
                        slug,
                        inference,
                        inference ? "allow" : "disabled",
                        inference ? ",\"models\":[{\"id\":\"standin-echo:latest\",\"size\":1,\"loaded\":true}]" : "",
                        workerUrl);
    }

    /** A registration as a node makes it: with the credential of its enrollment, if it has one. */
    Reply tryRegister(String slug, String workerUrl, boolean inference) {
        String credential = credentials.get(slug);
        Reply r = http.post(
                "/v1/nodes/register",
                null,
                "{\"psk\":\"" + PSK + "\",\"capability\":" + capability(slug, workerUrl, inference)
                        + (credential == null ? "" : ",\"node_credential\":\"" + credential + "\"") + "}");
        if (r.status() == 200) {
            NodeBootstrapPayload bootstrap = Json.read(r.body(), NodeBootstrapPayload.class);
            secretsSeen.add(bootstrap.auth().nodeJwt());
            if (bootstrap.auth().nodeCredential() != null) {
                credentials.put(slug, bootstrap.auth().nodeCredential());
                secretsSeen.add(bootstrap.auth().nodeCredential());
            }
        }
        return r;
    }

    NodeBootstrapPayload register(String slug, String workerUrl, boolean inference) {
        Reply r = tryRegister(slug, workerUrl, inference);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.read(r.body(), NodeBootstrapPayload.class);
    }

    NodeConfigurationPayload fetchConfig(String jwt) {
        Reply r = http.get("/v1/nodes/config", jwt);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        NodeConfigurationPayload config = Json.read(r.body(), NodeConfigurationPayload.class);
        secretsSeen.add(config.workerApi().orchestratorBearerToken());
        return config;
    }

    Reply ack(String jwt, String slug, String version, String status) {
        return http.post("/v1/nodes/config", jwt, """
                {"version":1,"node_slug":"%s","config_version":"%s","ack_at":"%s","status":"%s"}""".formatted(slug, version, Instant.now(), status));
    }

    static void assertProblem(Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(Json.mapper().readTree(r.body()).get("type").asString()).startsWith("https://cynode.ai/problems/");
    }

    @Test
    void registrationReturnsCompleteBootstrapAndRecordsTheNode() {
        NodeBootstrapPayload b = register("reg-node", "http://127.0.0.1:19001", false);
        String base = "http://control-plane.test:12082";
        assertThat(b.orchestrator().endpoints().nodeConfigUrl()).isEqualTo(base + "/v1/nodes/config");
        assertThat(b.orchestrator().endpoints().nodeReportUrl()).isEqualTo(base + "/v1/nodes/capability");
        assertThat(b.orchestrator().endpoints().workerRegistrationUrl()).isEqualTo(base + "/v1/nodes/register");
        assertThat(b.auth().expiresAt()).isAfter(Instant.now());
        String url = jdbc.sql("select worker_api_url from nodes where slug = 'reg-node'")
                .query(String.class)
                .single();
        assertThat(url).isEqualTo("http://127.0.0.1:19001");

        register("reg-node", "http://127.0.0.1:19002", false);
        assertThat(jdbc.sql("select count(*) from nodes where slug = 'reg-node'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void ofConcurrentEnrollmentsOfOneSlugExactlyOneWins() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<Reply>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> http.post(
                        "/v1/nodes/register",
                        null,
                        "{\"psk\":\"" + PSK + "\",\"capability\":"
                                + capability("race-node", "http://127.0.0.1:19003", false) + "}")));
            }
            for (var f : all) {
                statuses.add(f.get().status());
            }
        }
        assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        assertThat(jdbc.sql("select count(*) from nodes where slug = 'race-node'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void capabilityReportUpdatesSnapshotAndHashButNotForAnotherNode() {
        String jwt =
                register("cap-node", "http://127.0.0.1:19004", false).auth().nodeJwt();
        String before = jdbc.sql("select capability_hash from nodes where slug='cap-node'")
                .query(String.class)
                .single();
        String changed =
                capability("cap-node", "http://127.0.0.1:19004", false).replace("\"cpu_cores\":2", "\"cpu_cores\":8");
        assertThat(http.post("/v1/nodes/capability", jwt, changed).status()).isEqualTo(204);
        String after = jdbc.sql("select capability_hash from nodes where slug='cap-node'")
                .query(String.class)
                .single();
        assertThat(after).isNotEqualTo(before).startsWith("sha256:");
        assertThat(jdbc.sql("select count(*) from node_capability_snapshots s join nodes n on n.id = s.node_id"
                                + " where n.slug = 'cap-node'")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertProblem(http.post("/v1/nodes/capability", jwt, capability("other-node", "http://x", false)), 400);
    }

    @Test
    void configNeedsAValidNodeToken() {
        String jwt =
                register("auth-node", "http://127.0.0.1:19005", false).auth().nodeJwt();
        assertProblem(http.get("/v1/nodes/config", null), 401);
        String tampered = jwt.substring(0, jwt.length() - 3) + (jwt.endsWith("AAA") ? "BBB" : "AAA");
        assertProblem(http.get("/v1/nodes/config", tampered), 401);
        Clock clock = Clock.systemUTC();
        String userToken = new JwtKind(
                        "test-user-signing-key-0123456789abcdef", "cynode-user-gateway", "cynode-user", clock)
                .issue("admin", Duration.ofMinutes(5), Map.of("sid", "x"));
        assertProblem(http.get("/v1/nodes/config", userToken), 401);
        JwtKind sameKeyPast = new JwtKind(
                "test-node-signing-key-0123456789abcdef",
                "cynode-control-plane",
                "cynode-node",
                Clock.offset(clock, Duration.ofHours(-48)));
        String expired = sameKeyPast.issue(
                "auth-node", Duration.ofMinutes(5), Map.of("nid", "00000000-0000-0000-0000-000000000000"));
        assertProblem(http.get("/v1/nodes/config", expired), 401);
        String alg = "eyJhbGciOiJub25lIn0." + jwt.split("\\.")[1] + ".";
        assertProblem(http.get("/v1/nodes/config", alg), 401);
    }

    @Test
    void configIsVersionedAndAckMakesTheNodeDispatchable() throws Exception {
        NodeBootstrapPayload b = register("cfg-node", "http://127.0.0.1:19006", false);
        String jwt = b.auth().nodeJwt();
        NodeConfigurationPayload first = fetchConfig(jwt);
        assertThat(first.nodeSlug()).isEqualTo("cfg-node");
        assertThat(first.orchestrator().endpoints().workerApiTargetUrl()).isEqualTo("http://127.0.0.1:19006");
        assertThat(first.workerApi().orchestratorBearerToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(first.workerApi().orchestratorBearerTokenExpiresAt()).isAfter(Instant.now());
        assertThat(first.inferenceBackend())
                .as("no inference for a node that does not support it")
                .isNull();

        Callable<NodeConfigurationPayload> fetch = () -> fetchConfig(jwt);
        Set<String> versions;
        try (var pool = Executors.newFixedThreadPool(6)) {
            versions = pool.invokeAll(List.of(fetch, fetch, fetch, fetch, fetch, fetch)).stream()
                    .map(f -> {
                        try {
                            return f.get().configVersion();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.toSet());
        }
        assertThat(versions).containsExactly(first.configVersion());

        assertProblem(ack(jwt, "someone-else", first.configVersion(), "applied"), 400);
        assertProblem(ack(jwt, "cfg-node", "999", "applied"), 400);
        assertProblem(ack(jwt, "cfg-node", first.configVersion(), "done"), 400);
        assertThat(targets.now()).noneMatch(t -> t.slug().equals("cfg-node"));

        assertThat(ack(jwt, "cfg-node", first.configVersion(), "applied").status())
                .isEqualTo(204);
        var target = targets.now().stream()
                .filter(t -> t.slug().equals("cfg-node"))
                .findFirst()
                .orElseThrow();
        assertThat(target.bearerToken()).isEqualTo(first.workerApi().orchestratorBearerToken());
        assertThat(target.workerApiUrl()).isEqualTo("http://127.0.0.1:19006");
        assertThat(jdbc.sql(
                                "select count(*) from node_config_acks a join nodes n on n.id = a.node_id where n.slug = 'cfg-node'")
                        .query(Long.class)
                        .single())
                .as("only the accepted ack is kept")
                .isEqualTo(1);
    }

    @Test
    void tokenRotationMakesANewVersionAndDispatchFollowsTheAckedOne() {
        String jwt =
                register("rot-node", "http://127.0.0.1:19007", false).auth().nodeJwt();
        NodeConfigurationPayload v1 = fetchConfig(jwt);
        ack(jwt, "rot-node", v1.configVersion(), "applied");
        // Time passes: the token is now within the rotation window.
        jdbc.sql("update node_configs set token_expires_at = now() + interval '1 minute'"
                        + " where node_id = (select id from nodes where slug = 'rot-node')")
                .update();
        NodeConfigurationPayload v2 = fetchConfig(jwt);
        assertThat(Long.parseLong(v2.configVersion())).isGreaterThan(Long.parseLong(v1.configVersion()));
        assertThat(v2.workerApi().orchestratorBearerToken())
                .isNotEqualTo(v1.workerApi().orchestratorBearerToken());
        assertThat(token("rot-node")).isEqualTo(v1.workerApi().orchestratorBearerToken());
        assertThat(ack(jwt, "rot-node", v2.configVersion(), "applied").status()).isEqualTo(204);
        assertThat(token("rot-node")).isEqualTo(v2.workerApi().orchestratorBearerToken());
    }

    @Test
    void readinessNamesWhatIsMissingUntilBothPreconditionsHold(CapturedOutput output) {
        Reply before = http.get("/readyz", null);
        if (targets.now().isEmpty()) {
            assertProblem(before, 503);
            assertThat(before.body()).contains("no dispatchable node");
        }
        String jwt = register("inf-node", "http://127.0.0.1:19008", true).auth().nodeJwt();
        NodeConfigurationPayload config = fetchConfig(jwt);
        assertThat(config.inferenceBackend().enabled()).isTrue();
        assertThat(config.inferenceBackend().image()).isEqualTo("cynode-inference-standin:latest");
        assertThat(ack(jwt, "inf-node", config.configVersion(), "failed").status())
                .isEqualTo(204);
        Reply failedAck = http.get("/readyz", null);
        if (targets.now().isEmpty()) {
            assertThat(failedAck.body()).contains("no dispatchable node").contains("no inference path");
        }
        ack(jwt, "inf-node", config.configVersion(), "applied");
        // The node reports a model: an inference path exists (the path list is re-read within a second).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Reply ready = http.get("/readyz", null);
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready");
        });
        assertThat(http.get("/healthz", null).body()).isEqualTo("ok");

        for (String secret : secretsSeen) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain(PSK);
    }

    @Test
    void malformedBodiesAreProblemsNot500() {
        assertProblem(http.post("/v1/nodes/register", null, "{not json"), 400);
        assertProblem(http.post("/v1/nodes/register", null, "[]"), 400);
        // JSON null where an object is required (found by the battery's fuzzing: it was a 500).
        Reply nullBody = http.post("/v1/nodes/register", null, "null");
        assertProblem(nullBody, 400);
        assertThat(nullBody.body()).contains("must be a JSON object");
        // Refused by Tomcat before any servlet runs: problem details too, not its HTML page.
        assertProblem(http.get("/v1/nodes/a%2fb", null), 400);
        assertProblem(http.get("/v1/nodes/%00", null), 400);
        assertProblem(http.post("/v1/nodes/register", null, "{\"psk\":\"x\"}"), 400);
        assertProblem(http.post("/v1/nodes/register", null, "x".repeat(2_000_000)), 413);
        assertProblem(http.get("/v1/nodes/nothing-here", null), 401);
        assertProblem(http.get("/nothing-here", null), 401);
        var apiDocs = new TestHttp("http://127.0.0.1:" + managementPort).get(OpenApiChecks.PATH, null);
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.body()).contains("/v1/nodes/register").contains("/v1/nodes/config");
    }

    private String token(String slug) {
        return targets.now().stream()
                .filter(t -> t.slug().equals(slug))
                .findFirst()
                .orElseThrow()
                .bearerToken();
    }

    @Test
    void theApiDescriptionStatesASummaryATagAndTheErrorsOfEveryOperation() {
        assertThat(OpenApiChecks.shortcomingsOf(new TestHttp("http://127.0.0.1:" + managementPort)))
                .isEmpty();
    }

    @Test
    void metricsAndTheApiDescriptionAreOnlyOnTheLoopbackManagementPort() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(OpenApiChecks.exposureOf(http, new TestHttp("http://127.0.0.1:" + managementPort)))
                .isEmpty();
    }
}
