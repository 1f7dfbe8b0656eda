package io.cynodeai.cynork.command;

import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Check that the gateway answers")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Session s = Cynork.session(spec);
        s.gateway().text("/healthz");
        s.printer().printOr(Records.object("gateway", "ok"), "ok");
        return 0;
    }
}
