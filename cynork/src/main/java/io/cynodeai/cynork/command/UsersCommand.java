package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Administrators' user management; a user is named by id or handle. A non-admin gets exit 3. */
@Command(
        name = "users",
        description = "Manage users (administrators)",
        subcommands = {
            UsersCommand.ListUsers.class,
            UsersCommand.Create.class,
            UsersCommand.Action.Disable.class,
            UsersCommand.Action.Enable.class,
            UsersCommand.Action.RevokeSessions.class,
            UsersCommand.ResetPassword.class
        })
public final class UsersCommand {
    private static final String[] FIELDS = {"id", "handle", "email", "is_active"};

    /** The user's id: as given when it is one, else the id of the user with that handle. */
    static String id(Session s, String ref) {
        try {
            return UUID.fromString(ref).toString();
        } catch (IllegalArgumentException notAnId) {
            for (Object u : Json.list(s.gateway().get("/v1/users"), "users")) {
                if (ref.equals(Json.text(u, "handle"))) {
                    return Json.text(u, "id");
                }
            }
            throw new CliFailure(Exit.NOT_FOUND, "no user '" + ref + "'");
        }
    }

    /** A new password: one line of stdin with {@code --password-stdin}, else asked for without echo. */
    static String password(Session s, boolean fromStdin) {
        AuthCommand.Prompts prompts = new AuthCommand.Prompts(s);
        String password = fromStdin ? prompts.stdinLine() : prompts.secret("New password: ");
        if (password == null || password.isEmpty()) {
            throw CliFailure.usage("a password is required");
        }
        return password;
    }

    @Command(name = "list", description = "Every user")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object list = s.gateway().get("/v1/users");
            List<Map<String, Object>> lines = new ArrayList<>();
            Json.list(list, "users").forEach(u -> lines.add(Records.pairs(u, FIELDS)));
            s.printer().print(list, lines);
            return 0;
        }
    }

    @Command(name = "create", description = "A new user (the password from stdin or a prompt, never a flag)")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "HANDLE")
        String handle;

        @Option(names = "--email", paramLabel = "EMAIL")
        String email;

        @Option(names = "--admin", description = "An administrator")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password as one line from stdin")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            s.credentials().token();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("handle", handle);
            body.put("password", password(s, passwordStdin));
            if (email != null) {
                body.put("email", email);
            }
            if (admin) {
                body.put("is_admin", true);
            }
            Object u = s.gateway().post("/v1/users", body);
            s.printer().record(u, Records.pairs(u, FIELDS));
            return 0;
        }
    }

    @Command(name = "reset-password", description = "Set a user's password and end their sessions")
    static final class ResetPassword implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|HANDLE")
        String ref;

        @Option(names = "--password-stdin", description = "Read the password as one line from stdin")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            String id = id(s, ref);
            s.gateway().post("/v1/users/" + id + "/reset_password", Map.of("password", password(s, passwordStdin)));
            Records.one(s.printer(), Records.object("id", id, "password_reset", true));
            return 0;
        }
    }

    /** The actions on one user that take nothing else. */
    abstract static class Action implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|HANDLE")
        String ref;

        abstract String path();

        abstract String done();

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            String id = id(s, ref);
            s.gateway().post("/v1/users/" + id + "/" + path(), null);
            Records.one(s.printer(), Records.object("id", id, done(), true));
            return 0;
        }

        @Command(name = "disable", description = "Disable a user and end their sessions")
        static final class Disable extends Action {
            String path() {
                return "disable";
            }

            String done() {
                return "disabled";
            }
        }

        @Command(name = "enable", description = "Enable a user again")
        static final class Enable extends Action {
            String path() {
                return "enable";
            }

            String done() {
                return "enabled";
            }
        }

        @Command(name = "revoke-sessions", description = "End every session of a user")
        static final class RevokeSessions extends Action {
            String path() {
                return "revoke_sessions";
            }

            String done() {
                return "sessions_revoked";
            }
        }
    }
}
