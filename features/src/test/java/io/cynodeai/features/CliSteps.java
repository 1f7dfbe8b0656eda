package io.cynodeai.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Steps of a person at a terminal: the real {@code cynork/bin/cynork} binary against the real
 * stack, with a config directory of its own. Every run's output is checked for every secret of
 * the stack and every token the person holds.
 */
public class CliSteps {
    /** What one run of cynork did. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            return Json.mapper().readTree(out);
        }
    }

    private final Path home;
    private final Map<String, String> remembered = new HashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private Run last;

    public CliSteps() throws IOException {
        home = Files.createTempDirectory("cynork-home");
        remembered.put("home", home.toString());
    }

    @After
    public void cleanUp() throws IOException {
        TestEngine.exec("rm", "-rf", home.toString());
    }

    Path configFile() {
        return home.resolve("config/cynork/config.yaml");
    }

    /** Runs the binary with {@code stdin}, as a person's shell would (no terminal). */
    Run cynork(String stdin, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(TestEngine.repoRoot().resolve("cynork/bin/cynork").toString());
        command.addAll(args);
        return run(command, stdin);
    }

    Run run(List<String> command, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CYNORK_"));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("CYNORK_GATEWAY_URL", Stack.SCHEME + "://127.0.0.1:" + Stack.GATEWAY);
        if (Stack.TLS) {
            env.put("CYNORK_CA_FILE", Stack.caFile().toString());
        }
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            if (!p.waitFor(150, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cynork did not end: " + command);
            }
            last = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String all = last.out() + last.err();
        assertThat(all).doesNotContain("Exception").doesNotContain("\tat ");
        for (String secret : Stack.secrets()) {
            assertThat(all).as("a secret of the stack in cynork's output").doesNotContain(secret);
        }
        for (String token : tokens) {
            assertThat(all).as("a token in cynork's output").doesNotContain(token);
        }
        return last;
    }

    /** The words of a step's command line, with remembered values in {@code <name>} put in. */
    List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words.stream()
                .map(x -> {
                    for (var e : remembered.entrySet()) {
                        x = x.replace("<" + e.getKey() + ">", e.getValue());
                    }
                    return x;
                })
                .toList();
    }

    private final Map<String, Long> arrivals = new HashMap<>();
    private final List<String> followed = new ArrayList<>();

    @When("I follow {string}, noting when each line arrives")
    public void followNoting(String line) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(TestEngine.repoRoot().resolve("cynork/bin/cynork").toString());
        command.addAll(words(line));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("CYNORK_GATEWAY_URL", Stack.SCHEME + "://127.0.0.1:" + Stack.GATEWAY);
        if (Stack.TLS) {
            pb.environment().put("CYNORK_CA_FILE", Stack.caFile().toString());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        try (var out =
                new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = out.readLine()) != null) {
                arrivals.put(l, System.nanoTime() / 1_000_000);
                followed.add(l);
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("cynork's exit").isZero();
    }

    @Then("the line {string} arrived at least {int} seconds before the line {string}")
    public void arrivedBefore(String first, int seconds, String later) {
        assertThat(arrivals).containsKeys(first, later);
        assertThat(arrivals.get(later) - arrivals.get(first)).isGreaterThanOrEqualTo(seconds * 1000L);
    }

    @Then("the lines were {string}")
    public void linesWere(String lines) {
        assertThat(String.join(",", followed)).isEqualTo(lines);
    }

    @Given("I have logged in with cynork as admin")
    public void loginAsAdmin() {
        Run r = cynork(Stack.adminPassword() + "\n", List.of("auth", "login", "-u", "admin", "--password-stdin"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("logged_in=true user=admin");
        tokens.addAll(configTokens());
    }

    @When("I log in with cynork as {string} with the password {string}")
    public void loginAs(String handle, String password) {
        Run r = cynork(password + "\n", List.of("auth", "login", "-u", handle, "--password-stdin"));
        assertThat(r.exit()).as(r.err()).isZero();
        tokens.addAll(configTokens());
    }

    @When("I run {string}")
    public void iRun(String line) {
        cynork("", words(line));
    }

    @When("I run {string} answering {string}")
    public void iRunAnswering(String line, String answer) {
        cynork(answer + "\n", words(line));
    }

    @When("I write the file {string} with")
    public void writeFile(String name, String text) throws IOException {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        remembered.put(name, file.toString());
    }

    @Given("the user {string} has {int} tasks waiting")
    public void tasksWaiting(String handle, int n) throws IOException, InterruptedException {
        // As the job lifecycle would have queued them (a user at the queue limit of nodes.md §2).
        Process p = new ProcessBuilder(
                        "psql",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(Stack.DB),
                        "-U",
                        "postgres",
                        "-d",
                        "postgres",
                        "-qAt",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-c",
                        "insert into tasks (id, owner_id, prompt, input_mode, status) select gen_random_uuid(),"
                                + " (select id from users where handle = '" + handle.replace("'", "''") + "'),"
                                + " 'true', 'commands', 'queued' from generate_series(1, " + n + ")")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @When("I chat with cynork")
    public void chatWithCynork(String message) {
        cynork("", List.of("chat", "--plain", "-m", message));
    }

    @When("I write {int} MiB of random bytes to the file {string}")
    public void writeRandom(int mib, String name) throws IOException {
        byte[] bytes = new byte[mib << 20];
        new java.util.Random(mib).nextBytes(bytes);
        Path file = home.resolve(name);
        Files.write(file, bytes);
        remembered.put(name, file.toString());
    }

    @Then("the file {string} holds {string}")
    public void fileHolds(String name, String text) throws IOException {
        assertThat(Files.readString(home.resolve(name)).strip()).isEqualTo(text.replace("\\n", "\n"));
    }

    @Then("the files {string} and {string} are the same")
    public void sameFiles(String a, String b) throws IOException {
        assertThat(Files.mismatch(home.resolve(a), home.resolve(b))).isEqualTo(-1L);
    }

    @Then("cynork exits with {int}")
    public void exitsWith(int code) {
        assertThat(last.exit())
                .as("stdout: " + last.out() + "\nstderr: " + last.err())
                .isEqualTo(code);
    }

    @Then("cynork exits with {int} saying {string}")
    public void exitsSaying(int code, String text) {
        exitsWith(code);
        assertThat(last.err()).contains(text);
        assertThat(last.err().lines().count()).as("one line").isEqualTo(1);
    }

    @Then("it prints {string}")
    public void prints(String text) {
        exitsWith(0);
        assertThat(last.out().strip()).isEqualTo(text.replace("\\n", "\n"));
    }

    @Then("it prints a line containing {string}")
    public void printsContaining(String text) {
        exitsWith(0);
        assertThat(last.out().lines()).anySatisfy(l -> assertThat(l).contains(text));
    }

    @Then("its JSON has {string} = {string}")
    public void jsonHas(String path, String value) {
        exitsWith(0);
        assertThat(at(last.json(), path).asString()).as(last.out()).isEqualTo(value.replace("\\n", "\n"));
    }

    @Then("its JSON has {string} containing {string}")
    public void jsonContains(String path, String value) {
        exitsWith(0);
        assertThat(at(last.json(), path).asString()).as(last.out()).contains(value);
    }

    @Then("its JSON lists {int} {word}")
    public void jsonLists(int n, String key) {
        exitsWith(0);
        assertThat(last.json().get(key).size()).as(last.out()).isEqualTo(n);
    }

    @Then("I remember its JSON {string} as {string}")
    public void rememberJson(String path, String name) {
        exitsWith(0);
        JsonNode v = at(last.json(), path);
        assertThat(v.isString()).as(last.out()).isTrue();
        remembered.put(name, v.asString());
        if (path.equals("token")) {
            tokens.add(v.asString());
        }
    }

    @Then("the tasks listed are {string}")
    public void tasksListed(String names) {
        assertThat(String.join(",", listed())).isEqualTo(names);
    }

    @Then("the tasks listed begin with {string}")
    public void tasksListedBeginWith(String names) {
        assertThat(String.join(",", listed())).startsWith(names);
    }

    private List<String> listed() {
        exitsWith(0);
        List<String> got = new ArrayList<>();
        last.json().get("tasks").forEach(t -> got.add(t.get("task_name").asString()));
        return got;
    }

    @Then("the token {string} was printed once and is not listed")
    public void tokenNotListed(String name) {
        exitsWith(0);
        assertThat(last.out()).contains("name=" + name);
        assertThat(last.out()).doesNotContain(remembered.get("token"));
    }

    @Then("my config file is mine alone")
    public void configIsOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(configFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(configFile().getParent())))
                .isEqualTo("rwx------");
    }

    @Then("my config file holds no token")
    public void configHoldsNoToken() {
        assertThat(configTokens()).isEmpty();
    }

    @When("I start a chat at a terminal")
    public void startChat() {
        // A real terminal: a tmux session of its own, 100 columns wide; nothing secret on its command line.
        String line = "env HOME=" + home + " XDG_CONFIG_HOME=" + home.resolve("config")
                + " CYNORK_GATEWAY_URL=" + Stack.SCHEME + "://127.0.0.1:" + Stack.GATEWAY + " "
                + (Stack.TLS ? "CYNORK_CA_FILE=" + Stack.caFile() + " " : "")
                + TestEngine.repoRoot().resolve("cynork/bin/cynork") + " chat; echo exited=$?; sleep 120";
        tmux("new-session", "-d", "-s", "chat", "-x", "100", "-y", "40", line);
        terminalShows("Ctrl-D to end"); // the greeting, then the prompt
    }

    @When("I type {string}")
    public void type(String text) {
        tmux("send-keys", "-t", "chat", "-l", text);
        tmux("send-keys", "-t", "chat", "Enter");
    }

    @When("I press {word}")
    public void press(String key) {
        tmux("send-keys", "-t", "chat", key);
    }

    @When("a second later I press {word}")
    public void pressLater(String key) throws InterruptedException {
        // As a person would: once the answer is seen to be slow, not before the request left.
        Thread.sleep(1000);
        press(key);
    }

    @Then("the terminal shows {string}")
    public void terminalShows(String text) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(screen()).contains(text));
    }

    @Then("the terminal shows {string} after {string}")
    public void terminalShowsAfter(String text, String earlier) {
        terminalShows(earlier);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(100))
                .untilAsserted(() -> {
                    String screen = screen();
                    assertThat(screen.substring(screen.lastIndexOf(earlier))).contains(text);
                });
    }

    private String screen() {
        String screen = tmux("capture-pane", "-p", "-t", "chat", "-S", "-200");
        for (String token : tokens) {
            assertThat(screen).doesNotContain(token);
        }
        return screen;
    }

    @After
    public void stopTerminal() {
        if (tmuxStarted) {
            tmux("kill-server");
        }
    }

    private boolean tmuxStarted;

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(
                List.of("tmux", "-L", "cynork-e2e-" + ProcessHandle.current().pid()));
        command.addAll(List.of(args));
        tmuxStarted = true;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 && !args[0].equals("kill-server")) {
                throw new AssertionError("tmux " + String.join(" ", args) + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("tmux is needed for the terminal features (just setup installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> configTokens() {
        if (!Files.exists(configFile())) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        Stack.read(configFile()).lines().forEach(l -> {
            if (l.startsWith("token:") || l.startsWith("refresh_token:")) {
                found.add(l.substring(l.indexOf(':') + 1).strip().replace("\"", ""));
            }
        });
        return found;
    }

    private static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.")) {
            n = part.matches("[0-9]+") ? n.path(Integer.parseInt(part)) : n.path(part);
        }
        return n;
    }
}
