package io.cynodeai.cynork.command;

import io.cynodeai.cynork.Cynork;
import io.cynodeai.cynork.Session;
import io.cynodeai.cynork.output.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The administrators' view of the nodes (nodes.md, docs/nodes.md): list, get, drain, resume, revoke, reset. */
@Command(
        name = "nodes",
        description = "The worker nodes (administrators)",
        subcommands = {
            NodesCommand.ListNodes.class,
            NodesCommand.Get.class,
            NodesCommand.Act.Drain.class,
            NodesCommand.Act.Resume.class,
            NodesCommand.Act.Revoke.class,
            NodesCommand.Act.Reset.class
        })
public final class NodesCommand {
    private static final String[] FIELDS = {"node_slug", "status", "running_jobs", "last_seen_at", "worker_api_url"};

    static String path(String slug, String rest) {
        return "/v1/nodes/" + URLEncoder.encode(slug, StandardCharsets.UTF_8).replace("+", "%20") + rest;
    }

    @Command(name = "list", description = "Every node and its status")
    static final class ListNodes implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object list = s.gateway().get("/v1/nodes");
            List<Map<String, Object>> lines = new ArrayList<>();
            Json.list(list, "nodes").forEach(n -> lines.add(Records.pairs(n, FIELDS)));
            s.printer().print(list, lines);
            return 0;
        }
    }

    @Command(name = "get", description = "One node")
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SLUG")
        String slug;

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object n = s.gateway().get(path(slug, ""));
            s.printer().record(n, Records.pairs(n, FIELDS));
            return 0;
        }
    }

    /** An action on one node. */
    abstract static class Act implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SLUG")
        String slug;

        abstract String action();

        @Override
        public Integer call() {
            Session s = Cynork.session(spec);
            Object n = s.gateway().post(path(slug, "/" + action()), null);
            s.printer().record(n, Records.pairs(n, FIELDS));
            return 0;
        }

        @Command(name = "drain", description = "No new jobs; running ones finish")
        static final class Drain extends Act {
            String action() {
                return "drain";
            }
        }

        @Command(name = "resume", description = "Take jobs again after a drain")
        static final class Resume extends Act {
            String action() {
                return "resume";
            }
        }

        @Command(name = "revoke", description = "End the node's credentials at once; its running jobs are re-queued")
        static final class Revoke extends Act {
            String action() {
                return "revoke";
            }
        }

        @Command(name = "reset", description = "Forget the node's credential, so its slug can be enrolled again")
        static final class Reset extends Act {
            String action() {
                return "reset";
            }
        }
    }
}
