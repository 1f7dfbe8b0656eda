package io.cynodeai.cynork.command;

import io.cynodeai.cynork.CliFailure;
import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Exit;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.gateway.Gateway;
import io.cynodeai.cynork.gateway.GatewayFiles;
import io.cynodeai.cynork.output.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "artifacts",
        description = "The files a task's job left in /workspace/out/",
        subcommands = {TaskArtifactsCommand.ListArtifacts.class, TaskArtifactsCommand.GetArtifact.class})
final class TaskArtifactsCommand {

    @Command(name = "list", description = "A task's artifacts")
    static final class ListArtifacts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|NAME")
        String ref;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object answer = s.gateway().get(TaskCommand.path(ref, "/artifacts"));
            StringBuilder table = new StringBuilder("artifact_id\tname\tcontent_type\tsize_bytes");
            for (Object a : Json.list(answer, "artifacts")) {
                table.append('\n')
                        .append(Json.text(a, "artifact_id"))
                        .append('\t')
                        .append(Json.text(a, "name"))
                        .append('\t')
                        .append(Json.text(a, "content_type"))
                        .append('\t')
                        .append(Json.get(a, "size_bytes"));
            }
            s.printer().printOr(answer, table.toString());
            return 0;
        }
    }

    @Command(name = "get", description = "Save one artifact to a file, checking its SHA-256")
    static final class GetArtifact implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID|NAME")
        String ref;

        @Parameters(index = "1", paramLabel = "ARTIFACT_ID")
        String artifactId;

        @Option(names = "--out", required = true, paramLabel = "PATH", description = "Where to write it")
        Path out;

        @Option(names = "--force", description = "Overwrite PATH if it exists")
        boolean force;

        @Override
        public Integer call() {
            if (Files.exists(out) && !force) {
                throw new CliFailure(Exit.CONFLICT, out + " exists; add --force to overwrite it");
            }
            if (Files.isDirectory(out)) {
                throw CliFailure.usage(out + " is a directory; --out names the file to write");
            }
            Session s = Cynork.session(spec);
            Gateway gateway = s.gateway();
            Object listed = gateway.get(TaskCommand.path(ref, "/artifacts"));
            Object artifact = Json.list(listed, "artifacts").stream()
                    .filter(a -> artifactId.equals(Json.text(a, "artifact_id")))
                    .findFirst()
                    .orElseThrow(
                            () -> new CliFailure(Exit.NOT_FOUND, "task " + ref + " has no artifact " + artifactId));
            Path target = out.toAbsolutePath();
            Path partial;
            GatewayFiles.Saved saved;
            try {
                Files.createDirectories(target.getParent());
                partial = Files.createTempFile(target.getParent(), ".cynork-", ".part");
                try (OutputStream file = Files.newOutputStream(partial)) {
                    saved = gateway.files()
                            .download(
                                    TaskCommand.path(
                                            ref, "/artifacts/" + URLEncoder.encode(artifactId, StandardCharsets.UTF_8)),
                                    file);
                } catch (RuntimeException e) {
                    Files.deleteIfExists(partial);
                    throw e;
                }
                if (!saved.sha256().equals(Json.text(artifact, "sha256"))) {
                    Files.deleteIfExists(partial);
                    throw new CliFailure(
                            Exit.INTERNAL, "the download's SHA-256 is not the artifact's; nothing was written");
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw CliFailure.usage("cannot write " + out + ": " + e.getMessage());
            }
            s.printer()
                    .record(
                            Map.of(
                                    "saved",
                                    true,
                                    "path",
                                    out.toString(),
                                    "sha256",
                                    saved.sha256(),
                                    "size_bytes",
                                    saved.bytes()),
                            Records.pairs(Map.of("saved", true, "path", out.toString()), "saved", "path"));
            return 0;
        }
    }
}
