package io.cynodeai.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.gateway.task.Users;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import io.cynodeai.testsupport.WithEmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sign-in under attack (issue 17): a burst of parallel guesses evaluates at most the limit, the
 * owner still signs in from an address that has not failed, and oversized input is refused before
 * any work. Other loopback addresses (127.0.0.2, …) stand for other clients.
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
class LoginUnderAttackIT {
    @LocalServerPort
    int port;

    TestHttp http;
    String handle;

    @BeforeEach
    void setUp() {
        http = new TestHttp("http://127.0.0.1:" + port);
        handle = "victim" + System.nanoTime();
        Reply r = http.post(
                "/v1/users",
                Users.login(http, "admin", Users.ADMIN_PASSWORD),
                Json.write(Map.of("handle", handle, "password", "the-real-password-1")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** A login sent from {@code from} (a loopback address), with extra headers; the answer's status. */
    int loginFrom(String from, String password, String extraHeaders) throws IOException {
        String body = Json.write(Map.of("handle", handle, "password", password));
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + extraHeaders + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                            + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    List<Integer> burst(int n, String from, java.util.function.IntFunction<String> headers) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(32)) {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<Integer> guess = () -> loginFrom(from, "guess-" + k, headers.apply(k));
                all.add(pool.submit(guess));
            }
            for (var f : all) {
                statuses.add(f.get());
            }
        }
        return statuses;
    }

    @Test
    void aBurstOfParallelGuessesChecksAtMostTheLimit() throws Exception {
        List<Integer> statuses = burst(200, "127.0.0.1", i -> "");
        assertThat(statuses).containsOnly(401, 429);
        assertThat(statuses.stream().filter(s -> s == 401).count())
                .as("guesses whose password was checked")
                .isLessThanOrEqualTo(5);
    }

    @Test
    void theOwnerSignsInFromACleanAddressDuringABurst() throws Exception {
        List<Integer> statuses = burst(60, "127.0.0.3", i -> "");
        assertThat(statuses).contains(429);
        assertThat(loginFrom("127.0.0.3", "the-real-password-1", ""))
                .as("the attacked address is limited, even with the right password")
                .isEqualTo(429);
        assertThat(loginFrom("127.0.0.2", "the-real-password-1", "")).isEqualTo(200);
    }

    @Test
    void aForwardedForHeaderFromAnUnlistedProxyChangesNothing() throws Exception {
        List<Integer> statuses = burst(40, "127.0.0.4", i -> "X-Forwarded-For: 10.9.8." + i + "\r\n");
        assertThat(statuses.stream().filter(s -> s == 401).count()).isLessThanOrEqualTo(5);
    }

    @Test
    void aHugeHandleOrPasswordIsRefusedBeforeAnyWork() {
        Reply longHandle =
                http.post("/v1/auth/login", null, Json.write(Map.of("handle", "h".repeat(100_000), "password", "x")));
        assertThat(longHandle.status()).as(longHandle.body()).isEqualTo(400);
        assertThat(Json.mapper().readTree(longHandle.body()).get("field").asString())
                .isEqualTo("handle");
        Reply longPassword =
                http.post("/v1/auth/login", null, Json.write(Map.of("handle", handle, "password", "p".repeat(5000))));
        assertThat(longPassword.status()).isEqualTo(400);
        assertThat(Json.mapper().readTree(longPassword.body()).get("field").asString())
                .isEqualTo("password");
    }
}
