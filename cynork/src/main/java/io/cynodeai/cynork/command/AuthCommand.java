package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.gateway.Credentials;
import io.cynodeai.cynork.output.Json;
import java.io.Console;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "auth",
        description = "Log in and out, and who you are",
        subcommands = {
            AuthCommand.Login.class,
            AuthCommand.Logout.class,
            AuthCommand.Whoami.class,
            AuthCommand.Refresh.class
        })
public final class AuthCommand {
    @Command(name = "login", description = "Log in and keep the tokens (the password is never a flag)")
    static final class Login implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = {"-u", "--user"},
                paramLabel = "USER",
                description = "Your handle (asked for when not given)")
        String user;

        @Option(names = "--password-stdin", description = "Read the password as one line from stdin (needs -u)")
        boolean passwordStdin;

        @Override
        public Integer call() {
            if (passwordStdin && user == null) {
                throw CliFailure.usage("--password-stdin needs -u USER");
            }
            Session s = Cynork.session(spec);
            Prompts prompts = new Prompts(s);
            String handle = user != null ? user : prompts.line("User: ");
            String password = passwordStdin ? prompts.stdinLine() : prompts.secret("Password: ");
            if (handle == null || handle.isBlank() || password == null || password.isEmpty()) {
                throw CliFailure.usage("a user and a password are required");
            }
            Object tokens =
                    s.gateway().send("POST", "/v1/auth/login", Map.of("handle", handle, "password", password), false);
            s.credentials()
                    .store(new Credentials.Pair(Json.text(tokens, "access_token"), Json.text(tokens, "refresh_token")));
            Records.one(s.printer(), Records.object("logged_in", true, "user", handle));
            return 0;
        }
    }

    @Command(name = "logout", description = "End the session at the gateway and forget the tokens here")
    static final class Logout implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            String token = null;
            try {
                token = s.credentials().token();
            } catch (CliFailure notLoggedIn) {
                // nothing to end at the gateway
            }
            Optional<String> refresh = s.credentials().forget();
            if (token != null && refresh.isPresent()) {
                try {
                    s.gateway().sendWith(token, "POST", "/v1/auth/logout", Map.of("refresh_token", refresh.get()));
                } catch (CliFailure e) {
                    s.printer().hint("the gateway did not end the session (" + e.getMessage() + "); forgotten here");
                }
            }
            Records.one(s.printer(), Records.object("logged_out", true));
            return 0;
        }
    }

    @Command(name = "whoami", description = "Who the token belongs to")
    static final class Whoami implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object me = s.gateway().get("/v1/users/me");
            Records.one(s.printer(), Records.object("id", Json.get(me, "id"), "user", Json.get(me, "handle")));
            return 0;
        }
    }

    @Command(name = "refresh", description = "Trade the refresh token for new tokens now")
    static final class Refresh implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            String refresh = s.credentials()
                    .refreshToken()
                    .orElseThrow(() -> new CliFailure(Exit.AUTH, Credentials.NOT_LOGGED_IN));
            Object tokens = s.gateway().send("POST", "/v1/auth/refresh", Map.of("refresh_token", refresh), false);
            s.credentials()
                    .store(new Credentials.Pair(Json.text(tokens, "access_token"), Json.text(tokens, "refresh_token")));
            Records.one(s.printer(), Records.object("refreshed", true));
            return 0;
        }
    }

    /** Asking a person, on stderr; the password without echo when there is a terminal. */
    static final class Prompts {
        private final Session session;
        private final java.io.BufferedReader stdin;

        Prompts(Session session) {
            this.session = session;
            this.stdin = new java.io.BufferedReader(
                    new java.io.InputStreamReader(session.in(), java.nio.charset.StandardCharsets.UTF_8));
        }

        String line(String prompt) {
            session.err().print(prompt);
            session.err().flush();
            return stdinLine();
        }

        String secret(String prompt) {
            Console console = System.console();
            if (console != null && io.cynodeai.cynork.output.Terminal.interactive()) {
                char[] pw = console.readPassword("%s", prompt);
                return pw == null ? null : new String(pw);
            }
            return line(prompt);
        }

        /** One line of stdin without its line end (one trailing newline trimmed). */
        String stdinLine() {
            try {
                return stdin.readLine();
            } catch (java.io.IOException e) {
                throw new CliFailure(Exit.USAGE, "cannot read stdin: " + e.getMessage());
            }
        }
    }
}
