package io.cynodeai.gateway.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.gateway.task.Users;
import io.cynodeai.jobs.JobLifecycle;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The administrators' node view and actions (nodes.md §1–2) on a real PostgreSQL. No control
 * plane runs here: a node is recorded, and its job claimed, as the control plane does it.
 */
@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.flyway.enabled=true",
            "cynode.auth.signing-key=test-user-signing-key-0123456789abcdef",
            "cynode.auth.bootstrap-admin-password=" + Users.ADMIN_PASSWORD,
            "cynode.auth.max-failures-per-handle=5"
        })
class NodeAdminIT {
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobLifecycle lifecycle;

    TestHttp http;
    String admin;
    String slug;
    UUID nodeId;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
        admin = Users.login(http, "admin", Users.ADMIN_PASSWORD);
        // Jobs other tests left queued must not be claimed by this test's node.
        jdbc.sql("update jobs set status = 'failed', lease_id = null, lease_expires_at = null"
                        + " where status in ('queued', 'running')")
                .update();
        slug = "adm-" + System.nanoTime();
        nodeId = UUID.randomUUID();
        jdbc.sql("""
                        insert into nodes (id, slug, name, status, worker_api_url, max_concurrency, labels,
                                           inference_models, credential_hash, applied_config_version)
                        values (?, ?, 'A node', 'active', 'http://127.0.0.1:19201', 3, '["gpu","eu"]',
                                '[{"id":"standin-echo:latest","size":1}]', ?, 1)""").params(nodeId, slug, new byte[32]).update();
        jdbc.sql("insert into node_configs (node_id, version, content_hash, payload, token_expires_at)"
                        + " values (?, 1, 'h', '{}', now() + interval '1 day')")
                .param(nodeId)
                .update();
    }

    JsonNode ok(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    /** A task of a new user, queued. */
    UUID queuedTask() {
        String user = Users.newUser(http, "nodeuser");
        Reply created = http.post("/v1/tasks", user, Json.write(Map.of("input_mode", "commands", "prompt", "true")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(
                Json.mapper().readTree(created.body()).get("task_id").asString());
    }

    /** A task of a new user, its job claimed by the node as a control plane claims it. */
    UUID runningTaskOnTheNode() {
        UUID task = queuedTask();
        for (int i = 0; i < 50; i++) {
            lifecycle.claim(nodeId, Duration.ofMinutes(5), 16);
            if ("running".equals(jobStatus(task))) {
                return task;
            }
        }
        throw new AssertionError("the task's job was not claimed");
    }

    String jobStatus(UUID task) {
        return jdbc.sql("select status from jobs where task_id = ?")
                .param(task)
                .query(String.class)
                .single();
    }

    @Test
    void theViewShowsWhatAnAdministratorNeedsAndOnlyToAdministrators() {
        JsonNode node = ok(http.get("/v1/nodes/" + slug, admin));
        assertThat(node.get("node_slug").asString()).isEqualTo(slug);
        assertThat(node.get("status").asString()).isEqualTo("active");
        assertThat(node.get("labels").toString()).isEqualTo("[\"gpu\",\"eu\"]");
        assertThat(node.get("models").toString()).isEqualTo("[\"standin-echo:latest\"]");
        assertThat(node.get("max_concurrency").asInt()).isEqualTo(3);
        assertThat(node.get("running_jobs").asInt()).isZero();
        assertThat(node.get("config_version_applied").asLong()).isEqualTo(1);
        assertThat(node.get("worker_api_url").asString()).isEqualTo("http://127.0.0.1:19201");
        assertThat(node.has("last_seen_at")).isTrue();
        assertThat(ok(http.get("/v1/nodes", admin)).get("nodes").findValuesAsString("node_slug"))
                .contains(slug);

        String user = Users.newUser(http, "notadmin");
        for (Reply r : new Reply[] {
            http.get("/v1/nodes", user),
            http.get("/v1/nodes/" + slug, user),
            http.post("/v1/nodes/" + slug + "/revoke", user, "")
        }) {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(http.get("/v1/nodes", null).status()).isEqualTo(401);
        assertThat(http.get("/v1/nodes/no-such-node", admin).status()).isEqualTo(404);
        assertThat(http.post("/v1/nodes/no-such-node/revoke", admin, "").status())
                .isEqualTo(404);
    }

    @Test
    void aNodeNotHeardFromIsUnreachable() {
        jdbc.sql("update nodes set last_seen_at = now() - interval '10 minutes' where id = ?")
                .param(nodeId)
                .update();
        assertThat(ok(http.get("/v1/nodes/" + slug, admin)).get("status").asString())
                .isEqualTo("unreachable");
    }

    @Test
    void revokeEndsTheNodesIdentityAndGivesItsRunningJobBackAtOnce() {
        UUID task = runningTaskOnTheNode();
        assertThat(ok(http.get("/v1/nodes/" + slug, admin)).get("running_jobs").asInt())
                .isEqualTo(1);

        JsonNode revoked = ok(http.post("/v1/nodes/" + slug + "/revoke", admin, ""));
        assertThat(revoked.get("status").asString()).isEqualTo("revoked");
        assertThat(revoked.get("running_jobs").asInt()).isZero();
        assertThat(jobStatus(task)).isEqualTo("queued");
        var row = jdbc.sql("select identity_epoch, credential_hash is not null as kept from nodes where id = ?")
                .param(nodeId)
                .query((rs, i) -> Map.of("epoch", rs.getInt(1), "kept", rs.getBoolean(2)))
                .single();
        assertThat(row).containsEntry("epoch", 1).containsEntry("kept", true);
        assertThat(jdbc.sql("select count(*) from node_configs where node_id = ? and token_expires_at > now()")
                        .param(nodeId)
                        .query(Long.class)
                        .single())
                .as("its Worker API token is no longer offered")
                .isZero();
        assertThat(lifecycle.claim(nodeId, Duration.ofMinutes(5), 16))
                .as("it gets no job")
                .isEmpty();
        assertThat(jdbc.sql("select count(*) from auth_audit_log where event = 'node_revoke'"
                                + " and details ->> 'node' = ? and details ->> 'requeued_jobs' = '1'")
                        .param(slug)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        assertThat(http.post("/v1/nodes/" + slug + "/resume", admin, "").status())
                .as("only a reset brings a revoked node back")
                .isEqualTo(409);
        JsonNode reset = ok(http.post("/v1/nodes/" + slug + "/reset", admin, ""));
        assertThat(reset.get("status").asString()).isEqualTo("pending");
        assertThat(jdbc.sql("select credential_hash is null and identity_epoch = 2 from nodes where id = ?")
                        .param(nodeId)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void aDrainedNodeTakesNoJobUntilResumed() {
        UUID task = queuedTask();
        assertThat(ok(http.post("/v1/nodes/" + slug + "/drain", admin, ""))
                        .get("status")
                        .asString())
                .isEqualTo("draining");
        assertThat(ok(http.post("/v1/nodes/" + slug + "/drain", admin, ""))
                        .get("status")
                        .asString())
                .as("draining twice is draining")
                .isEqualTo("draining");
        assertThat(lifecycle.claim(nodeId, Duration.ofMinutes(5), 16)).isEmpty();
        assertThat(ok(http.post("/v1/nodes/" + slug + "/resume", admin, ""))
                        .get("status")
                        .asString())
                .isEqualTo("active");
        assertThat(jdbc.sql("select count(*) from auth_audit_log where event in ('node_drain', 'node_resume')"
                                + " and details ->> 'node' = ?")
                        .param(slug)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }
}
