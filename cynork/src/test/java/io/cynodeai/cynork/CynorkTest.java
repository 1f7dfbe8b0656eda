package io.cynodeai.cynork;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.cynork.config.CliConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cynork in this JVM, as its main runs it, against a scripted gateway on loopback. */
class CynorkTest {
    @TempDir
    Path dir;

    ScriptedGateway gateway;
    Map<String, String> env;
    String out;
    String err;

    @BeforeEach
    void start() throws Exception {
        gateway = new ScriptedGateway();
        env = new HashMap<>(Map.of("CYNORK_GATEWAY_URL", gateway.url(), "XDG_CONFIG_HOME", dir.toString()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    int cynork(String stdin, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Cynork.run(
                env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        return code;
    }

    Path config() {
        return dir.resolve("cynork/config.yaml");
    }

    @Test
    void usageMistakesAreExit2WithOneLineAndNoRequest() throws Exception {
        env.put("CYNORK_TOKEN", "t");
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path big = dir.resolve("big.sh");
        Files.writeString(big, "x".repeat(256 * 1024 + 1));
        Path real = Files.writeString(dir.resolve("real.sh"), "echo hi");
        Path link = Files.createSymbolicLink(dir.resolve("link.sh"), real);
        String[][] mistakes = {
            {"task", "create"},
            {"task", "create", "-p", "a", "--command", "b"},
            {"task", "create", "-s", folder.toString()},
            {"task", "create", "-s", link.toString()},
            {"task", "create", "-s", big.toString()},
            {"task", "create", "-s", dir.resolve("missing.sh").toString()},
            {"auth", "login", "--password-stdin"},
            {"task", "list", "--bogus"},
            {"task", "list", "-l", "0"},
            {"task", "list", "-l", "many"},
            {"task", "watch", "x", "-n", "10ms"},
            {"-o", "yaml", "version"},
        };
        for (String[] args : mistakes) {
            assertThat(cynork("", args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.lines().count()).as(err).isEqualTo(1);
        }
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    void withoutATokenACommandThatNeedsOneIsExit3AndSendsNothing() {
        assertThat(cynork("", "task", "list")).isEqualTo(3);
        assertThat(err).contains("not logged in: run 'cynork auth login' or set CYNORK_TOKEN");
        assertThat(gateway.requests).isEmpty();
        assertThat(config()).as("reading never creates the config").doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({"401,3", "403,3", "404,4", "409,5", "400,6", "413,6", "422,6", "500,7", "503,7"})
    void aGatewayErrorIsItsExitCodeWithTheServersDetail(int status, int exit) {
        env.put("CYNORK_TOKEN", "t");
        gateway.on("GET /v1/tasks/x", status, "{\"type\":\"about:blank\",\"detail\":\"the reason " + status + "\"}");
        assertThat(cynork("", "task", "get", "x")).isEqualTo(exit);
        assertThat(err.strip()).isEqualTo("cynork: the reason " + status);
        assertThat(out).isEmpty();
    }

    @Test
    void anUnreachableGatewayIsExit7() {
        env.put("CYNORK_GATEWAY_URL", "http://127.0.0.1:9");
        assertThat(cynork("", "status")).isEqualTo(7);
        assertThat(err).contains("cannot reach the gateway");
    }

    @Test
    void aLoginStoresTheTokensInAnOwnerOnlyFileAndPrintsNeither() throws Exception {
        gateway.on("POST /v1/auth/login", 200, "{\"access_token\":\"acc-1\",\"refresh_token\":\"ref-1\"}");
        assertThat(cynork("pass word\n", "auth", "login", "-u", "ann", "--password-stdin", "-o", "json"))
                .isZero();
        assertThat(out).contains("\"logged_in\" : true").contains("\"user\" : \"ann\"");
        assertThat(out + err).doesNotContain("acc-1").doesNotContain("ref-1").doesNotContain("pass word");
        assertThat(gateway.requests.getFirst().body()).contains("\"password\":\"pass word\"");
        assertThat(CliConfig.load(config()).token()).isEqualTo("acc-1");
        assertThat(Files.getPosixFilePermissions(config())).hasSize(2);
    }

    @Test
    void anExpiredTokenIsRefreshedOnceTransparentlyAndTheConfigRewritten() {
        new CliConfig(null, "old", "ref-old", null).save(config());
        gateway.on("GET /v1/users/me Bearer old", 401, "{\"detail\":\"expired\"}")
                .on("POST /v1/auth/refresh", 200, "{\"access_token\":\"new\",\"refresh_token\":\"ref-new\"}")
                .on("GET /v1/users/me Bearer new", 200, "{\"id\":\"u1\",\"handle\":\"ann\"}");
        assertThat(cynork("", "auth", "whoami")).isZero();
        assertThat(out.strip()).isEqualTo("id=u1 user=ann");
        assertThat(CliConfig.load(config())).isEqualTo(new CliConfig(null, "new", "ref-new", null));

        new CliConfig(null, "old", "ref-old", null).save(config());
        gateway.on("POST /v1/auth/refresh", 401, "{\"detail\":\"refresh token revoked\"}");
        assertThat(cynork("", "auth", "whoami"))
                .as("a refused refresh is exit 3")
                .isEqualTo(3);
    }

    @Test
    void aCancelAsksFirstAndDoesNothingUnlessYes() {
        env.put("CYNORK_TOKEN", "t");
        gateway.on("POST /v1/tasks/job-1/cancel", 200, "{\"task_id\":\"id-1\",\"canceled\":true}");
        assertThat(cynork("n\n", "task", "cancel", "job-1")).isZero();
        assertThat(err).contains("Cancel task job-1? [y/N]");
        assertThat(gateway.requests).isEmpty();
        assertThat(cynork("Y\n", "task", "cancel", "job-1")).isZero();
        assertThat(out.strip()).isEqualTo("task_id=id-1 canceled=true");
        assertThat(cynork("", "task", "cancel", "job-1", "-y")).isZero();
        assertThat(gateway.requests).hasSize(2);
    }

    @Test
    void jsonModePrintsExactlyOneJsonValue() throws Exception {
        env.put("CYNORK_TOKEN", "t");
        gateway.on(
                "GET /v1/tasks?limit=2",
                200,
                "{\"tasks\":[{\"task_id\":\"a\",\"status\":\"queued\",\"task_name\":\"n a\"}],\"next_cursor\":\"c1\"}");
        assertThat(cynork("", "task", "list", "-l", "2", "-o", "json")).isZero();
        Object parsed = io.cynodeai.cynork.output.Json.parse(out);
        assertThat(io.cynodeai.cynork.output.Json.text(parsed, "next_cursor")).isEqualTo("c1");
        assertThat(err).as("the hint goes to stderr").contains("--cursor c1");
        assertThat(cynork("", "task", "list", "-l", "2")).isZero();
        assertThat(out.strip()).isEqualTo("task_id=a status=queued task_name=\"n a\"");
    }

    @Test
    void aUserIsNamedByHandleOrIdAndANonAdminIsExit3() {
        env.put("CYNORK_TOKEN", "t");
        String id = "6f1c3c0e-5d7f-4a51-9d39-1f5b1b0c8a10";
        gateway.on("GET /v1/users", 200, "{\"users\":[{\"id\":\"" + id + "\",\"handle\":\"bob\",\"is_active\":true}]}")
                .on("POST /v1/users/" + id + "/disable", 200, "{\"id\":\"" + id + "\",\"is_active\":false}");
        assertThat(cynork("", "users", "disable", "bob")).isZero();
        assertThat(out.strip()).isEqualTo("id=" + id + " disabled=true");
        assertThat(cynork("", "users", "disable", "nobody")).isEqualTo(4);
        gateway.on("GET /v1/users", 403, "{\"detail\":\"this needs an administrator\"}");
        assertThat(cynork("", "users", "list")).isEqualTo(3);
        assertThat(err.strip()).isEqualTo("cynork: this needs an administrator");
    }

    @Test
    void aNewUsersPasswordComesFromStdinAndTravelsOnlyInTheBody() {
        env.put("CYNORK_TOKEN", "t");
        gateway.on("POST /v1/users", 201, "{\"id\":\"u2\",\"handle\":\"dan\",\"is_active\":true}");
        assertThat(cynork("secret-pass-9\n", "users", "create", "dan", "--admin", "--password-stdin"))
                .isZero();
        assertThat(out.strip()).isEqualTo("id=u2 handle=dan is_active=true");
        assertThat(gateway.requests.getFirst().body())
                .contains("\"password\":\"secret-pass-9\"")
                .contains("\"is_admin\":true");
        assertThat(out + err).doesNotContain("secret-pass-9");
    }

    @Test
    void aGatewayWithoutTheNodesViewIsReportedWithItsAnswer() {
        env.put("CYNORK_TOKEN", "t");
        assertThat(cynork("", "nodes", "list")).isEqualTo(4);
        assertThat(err).contains("not scripted: /v1/nodes");
        gateway.on("POST /v1/nodes/n-1/drain", 200, "{\"node_slug\":\"n-1\",\"status\":\"draining\"}");
        assertThat(cynork("", "nodes", "drain", "n-1")).isZero();
        assertThat(out.strip()).isEqualTo("node_slug=n-1 status=draining");
    }
}
