package io.cynodeai.controlplane;

import static io.cynodeai.controlplane.NodeLifecycleIT.assertProblem;
import static io.cynodeai.controlplane.NodeLifecycleIT.capability;
import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Its own context: the limiter it trips would refuse every later registration from loopback. */
@WithEmbeddedPostgres
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "cynode.registration.psk=" + NodeLifecycleIT.PSK,
            "cynode.registration.max-failures=3",
            "cynode.node-jwt.signing-key=test-node-signing-key-0123456789abcdef",
            "cynode.node-config.token-encryption-key=test-token-encryption-key-0123456789",
            "cynode.dispatch.enabled=false"
        })
class RegistrationRateLimitIT {
    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
    }

    @Test
    void wrongPskIsRefusedThenRateLimited() {
        String body = "{\"psk\":\"wrong\",\"capability\":" + capability("bad-node", "http://x", false) + "}";
        for (int i = 0; i < 3; i++) {
            assertProblem(http.post("/v1/nodes/register", null, body), 401);
        }
        Reply limited = http.post("/v1/nodes/register", null, body);
        String good = "{\"psk\":\"" + NodeLifecycleIT.PSK + "\",\"capability\":"
                + capability("bad-node", "http://x", false) + "}";
        assertProblem(http.post("/v1/nodes/register", null, good), 429);
        assertProblem(limited, 429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        assertThat(jdbc.sql("select count(*) from nodes where slug = 'bad-node'")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
