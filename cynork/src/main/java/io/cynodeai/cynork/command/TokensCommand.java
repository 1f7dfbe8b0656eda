package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "tokens",
        description = "Your personal API tokens (keys for OpenAI clients and scripts)",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand {
    @Command(name = "create", description = "A new token, printed this once")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--expires-in-days", paramLabel = "N", description = "Expires after N days (default never)")
        Integer days;

        @Override
        public Integer call() {
            if (days != null && days < 1) {
                throw CliFailure.usage("--expires-in-days must be at least 1");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (days != null) {
                body.put("expires_in_days", days);
            }
            Session s = Cynork.session(spec);
            Object t = s.gateway().post("/v1/users/me/api_tokens", body);
            s.printer().record(t, Records.pairs(t, "id", "name", "token", "expires_at"));
            s.printer().hint("the token is shown this once; keep it somewhere safe");
            return 0;
        }
    }

    @Command(name = "list", description = "Your tokens (never their values)")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object list = s.gateway().get("/v1/users/me/api_tokens");
            List<Map<String, Object>> lines = new ArrayList<>();
            Json.list(list, "tokens")
                    .forEach(
                            t -> lines.add(Records.pairs(t, "id", "name", "created_at", "expires_at", "last_used_at")));
            s.printer().print(list, lines);
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token at once")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            s.gateway()
                    .delete("/v1/users/me/api_tokens/"
                            + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
            Records.one(s.printer(), Records.object("id", id, "revoked", true));
            return 0;
        }
    }
}
