package io.cynodeai.gateway.nodes;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.ProblemException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses a sandbox task that no node could ever run (nodes.md §2), rather than queue it for
 * ever: when nodes are enrolled (active, draining, or unreachable for now: it may come back) and
 * none of them supports sandboxes with every label the task asks for, the answer says which
 * requirement no node meets. With no node enrolled yet, the task waits for the first.
 */
@Component
public class NodeRequirements {
    private final JdbcClient jdbc;

    NodeRequirements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param labels the labels the task's node must carry (none: any node with sandboxes)
     * @throws ProblemException {@link ProblemType#NO_NODE_MATCHES} when no enrolled node could run it
     */
    public void check(List<String> labels) {
        record Counts(int enrolled, int sandbox, int labelled) {}
        Counts c = jdbc.sql("""
                        select count(*) as enrolled,
                            count(*) filter (where sandbox_supported) as sandbox,
                            count(*) filter (where sandbox_supported and labels @> cast(:labels as jsonb)) as labelled
                        from nodes where status in ('active', 'draining')""")
                .param("labels", Json.write(labels))
                .query((rs, i) -> new Counts(rs.getInt("enrolled"), rs.getInt("sandbox"), rs.getInt("labelled")))
                .single();
        if (c.enrolled() == 0 || c.labelled() > 0) {
            return;
        }
        throw new ProblemException(
                ProblemType.NO_NODE_MATCHES,
                c.sandbox() == 0
                        ? "no node supports sandboxes"
                        : "no node carries the labels " + labels + " (node_selector.labels)");
    }
}
