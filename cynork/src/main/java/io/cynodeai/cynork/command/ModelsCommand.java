package io.cynodeai.cynork.command;

import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "models",
        description = "The models the gateway's inference paths serve",
        subcommands = ModelsCommand.ListModels.class)
public final class ModelsCommand {
    @Command(name = "list", description = "One model id per line, or the OpenAI list object")
    static final class ListModels implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object models = s.gateway().get("/v1/models");
            StringBuilder ids = new StringBuilder();
            Json.list(models, "data")
                    .forEach(m -> ids.append(ids.isEmpty() ? "" : "\n").append(Json.text(m, "id")));
            s.printer().printOr(models, ids.toString());
            return 0;
        }
    }
}
