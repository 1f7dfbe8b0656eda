package io.cynodeai.cynork.command;

import io.cynodeai.cynork.Cynork;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "version", description = "Print cynork's version")
public final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Records.one(Cynork.session(spec).printer(), Records.object("version", version()));
        return 0;
    }

    /** The version the build wrote into the jar. */
    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/cynork/version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
