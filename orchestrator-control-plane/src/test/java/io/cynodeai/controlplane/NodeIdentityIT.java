package io.cynodeai.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.node.NodeBootstrapPayload;
import io.cynodeai.contracts.node.NodeConfigurationPayload;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * nodes.md §1 against the real control plane and database: the PSK enrolls a slug, it does not
 * hand over a known node; the credential proves the node; a revoked or reset node's JWT is
 * refused at once; Worker API URLs follow the rule. Same context as {@link NodeLifecycleIT}.
 */
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
class NodeIdentityIT {
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    Reply register(String psk, String slug, String url, String credential) {
        return http.post(
                "/v1/nodes/register",
                null,
                Json.write(
                        credential == null
                                ? Map.of(
                                        "psk",
                                        psk,
                                        "capability",
                                        Json.mapper().readTree(NodeLifecycleIT.capability(slug, url, false)))
                                : Map.of(
                                        "psk",
                                        psk,
                                        "capability",
                                        Json.mapper().readTree(NodeLifecycleIT.capability(slug, url, false)),
                                        "node_credential",
                                        credential)));
    }

    NodeBootstrapPayload ok(Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.read(r.body(), NodeBootstrapPayload.class);
    }

    static void assertConflict(Reply r, String detail) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.contentType()).startsWith("application/problem+json");
        var problem = Json.mapper().readTree(r.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://cynode.ai/problems/node-identity-conflict");
        assertThat(problem.get("detail").asString()).contains(detail);
    }

    /** The node's Worker API URL, and the bearer token its configuration carries. */
    record Held(String url, String token, String version) {}

    Held held(String slug, String jwt) {
        Reply r = http.get("/v1/nodes/config", jwt);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        var config = Json.read(r.body(), NodeConfigurationPayload.class);
        String url = jdbc.sql("select worker_api_url from nodes where slug = ?")
                .param(slug)
                .query(String.class)
                .single();
        return new Held(url, config.workerApi().orchestratorBearerToken(), config.configVersion());
    }

    @Test
    void enrollmentIssuesACredentialOfWhichOnlyTheHashIsKept() {
        var b = ok(register(NodeLifecycleIT.PSK, "id-enroll", "http://127.0.0.1:19101", null));
        String credential = b.auth().nodeCredential();
        assertThat(credential).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
        byte[] stored = jdbc.sql("select credential_hash from nodes where slug = 'id-enroll'")
                .query(byte[].class)
                .single();
        assertThat(stored).hasSize(32).isNotEqualTo(credential.getBytes());
        var again = ok(register(NodeLifecycleIT.PSK, "id-enroll", "http://127.0.0.1:19101", credential));
        assertThat(again.auth().nodeCredential()).as("not rotated while young").isNull();
    }

    @Test
    void thePskAloneCannotTakeOverAKnownNodeNorChangeAnythingOfIt() {
        var real = ok(register(NodeLifecycleIT.PSK, "id-victim", "http://127.0.0.1:19102", null));
        Held before = held("id-victim", real.auth().nodeJwt());

        // The takeover of issue 17: the PSK, the victim's slug, another URL.
        assertConflict(
                register(NodeLifecycleIT.PSK, "id-victim", "http://127.0.0.1:19999", null),
                "needs its node_credential");
        // And with the real URL (the config would not even change) or a guessed credential.
        assertConflict(register(NodeLifecycleIT.PSK, "id-victim", "http://127.0.0.1:19102", null), "node_credential");
        assertConflict(
                register(NodeLifecycleIT.PSK, "id-victim", "http://127.0.0.1:19999", "guessed-credential"),
                "enrolled with another node_credential");

        assertThat(held("id-victim", real.auth().nodeJwt())).isEqualTo(before);
    }

    @Test
    void aRotatedCredentialStaysGoodUntilTheNodePresentsTheNewOne() {
        String first = ok(register(NodeLifecycleIT.PSK, "id-rotate", "http://127.0.0.1:19103", null))
                .auth()
                .nodeCredential();
        jdbc.sql("update nodes set credential_issued_at = now() - interval '31 days' where slug = 'id-rotate'")
                .update();
        String second = ok(register(NodeLifecycleIT.PSK, "id-rotate", "http://127.0.0.1:19103", first))
                .auth()
                .nodeCredential();
        assertThat(second).isNotNull().isNotEqualTo(first);
        // The node lost that answer and comes back with the first: it gets yet another.
        String third = ok(register(NodeLifecycleIT.PSK, "id-rotate", "http://127.0.0.1:19103", first))
                .auth()
                .nodeCredential();
        assertThat(third).isNotNull().isNotIn(first, second);
        // Once it presents the newest, the older ones are gone.
        assertThat(ok(register(NodeLifecycleIT.PSK, "id-rotate", "http://127.0.0.1:19103", third))
                        .auth()
                        .nodeCredential())
                .isNull();
        assertConflict(register(NodeLifecycleIT.PSK, "id-rotate", "http://127.0.0.1:19103", first), "another");
        assertConflict(register(NodeLifecycleIT.PSK, "id-rotate", "http://127.0.0.1:19103", second), "another");
    }

    @Test
    void aRevokedNodesJwtIsRefusedAtOnceAndItCannotRegisterUntilReset() {
        var b = ok(register(NodeLifecycleIT.PSK, "id-revoked", "http://127.0.0.1:19104", null));
        assertThat(http.get("/v1/nodes/config", b.auth().nodeJwt()).status()).isEqualTo(200);
        // What the gateway's revoke does to the node's row (NodeAdminIT drives the endpoint).
        jdbc.sql("update nodes set status = 'revoked', identity_epoch = identity_epoch + 1 where slug = 'id-revoked'")
                .update();
        assertThat(http.get("/v1/nodes/config", b.auth().nodeJwt()).status()).isEqualTo(401);
        assertConflict(
                register(
                        NodeLifecycleIT.PSK,
                        "id-revoked",
                        "http://127.0.0.1:19104",
                        b.auth().nodeCredential()),
                "is revoked; an administrator must reset it");

        // A reset frees the slug: the PSK enrolls it again, with a new credential and a fresh token.
        jdbc.sql("update nodes set status = 'pending', credential_hash = null, identity_epoch = identity_epoch + 1"
                        + " where slug = 'id-revoked'")
                .update();
        var fresh = ok(register(NodeLifecycleIT.PSK, "id-revoked", "http://127.0.0.1:19105", null));
        assertThat(fresh.auth().nodeCredential()).isNotEqualTo(b.auth().nodeCredential());
        assertThat(http.get("/v1/nodes/config", b.auth().nodeJwt()).status())
                .as("the old node's JWT")
                .isEqualTo(401);
        assertThat(http.get("/v1/nodes/config", fresh.auth().nodeJwt()).status())
                .isEqualTo(200);
    }

    @Test
    void aCredentialForASlugNobodyHoldsEnrollsIt() {
        // A node whose control plane started on a fresh database still holds its old credential.
        var b = ok(register(NodeLifecycleIT.PSK, "id-fresh-db", "http://127.0.0.1:19108", "from-an-older-database"));
        assertThat(b.auth().nodeCredential()).isNotNull().isNotEqualTo("from-an-older-database");
    }

    @Test
    void theNextPskEnrollsTooSoThePskCanBeRotated() {
        ok(register(NodeLifecycleIT.NEXT_PSK, "id-next-psk", "http://127.0.0.1:19106", null));
        assertThat(register("not-a-psk-at-all", "id-wrong-psk", "http://127.0.0.1:19107", null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void onlyPlainHttpOriginsWithAnOptionalPathAreWorkerUrls() {
        for (String bad : List.of(
                "file:///etc/passwd",
                "ftp://127.0.0.1/",
                "http://user:pw@127.0.0.1:1/",
                "http://127.0.0.1:1/?x=1",
                "http://127.0.0.1:1/#frag",
                "http:///no-host",
                "http://127.0.0.1:port/",
                "javascript:alert(1)",
                "127.0.0.1:1")) {
            Reply r = register(NodeLifecycleIT.PSK, "id-url", bad, null);
            assertThat(r.status()).as(bad + " → " + r.body()).isEqualTo(400);
            assertThat(Json.mapper().readTree(r.body()).get("field").asString())
                    .isEqualTo("capability.worker_api.base_url");
        }
        assertThat(jdbc.sql("select count(*) from nodes where slug = 'id-url'")
                        .query(Long.class)
                        .single())
                .isZero();
        ok(register(NodeLifecycleIT.PSK, "id-url", "https://worker.example:8443/cynode/", null));
    }
}
