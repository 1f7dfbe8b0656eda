package io.cynodeai.gateway.agent;

import io.cynodeai.jobs.TaskReads;
import io.cynodeai.jobs.TaskRecord;
import java.util.List;

/** What the acting model is told of tasks: plain text, each stream cut at {@link AgentTools#OUTPUT_MAX}. */
final class AgentResults {
    private AgentResults() {}

    static String describe(TaskRecord t, TaskReads reads) {
        StringBuilder b = new StringBuilder("task ")
                .append(t.name())
                .append(" (")
                .append(t.id())
                .append("): ")
                .append(t.status().wire());
        if (t.exitCode() != null) {
            b.append(", exit code ").append(t.exitCode());
        }
        if (!t.status().ended()) {
            return b.append(" (still running; read it again later with get_task)")
                    .toString();
        }
        List<TaskReads.JobOutput> outputs = reads.outputs(t.id());
        if (!outputs.isEmpty()) {
            TaskReads.JobOutput last = outputs.getLast();
            b.append("\nstdout:\n").append(cut(last.stdout()));
            b.append("\nstderr:\n").append(cut(last.stderr()));
        } else if (t.summary() != null) {
            b.append("\n").append(t.summary());
        }
        return b.toString();
    }

    static String list(List<TaskRecord> tasks) {
        if (tasks.isEmpty()) {
            return "no tasks";
        }
        StringBuilder b = new StringBuilder();
        for (TaskRecord t : tasks) {
            b.append(t.id())
                    .append(' ')
                    .append(t.name())
                    .append(' ')
                    .append(t.status().wire())
                    .append('\n');
        }
        return b.toString();
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= AgentTools.OUTPUT_MAX
                ? s
                : s.substring(0, AgentTools.OUTPUT_MAX) + "\n[cut: " + (s.length() - AgentTools.OUTPUT_MAX)
                        + " more characters]";
    }
}
