package io.cynodeai.workerapi.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything needed to run one job's container; {@code attachments} (null: none) is mounted read-only in its workspace. */
record SandboxSpec(
        String taskId,
        String jobId,
        String image,
        List<String> command,
        Map<String, String> env,
        String networkMode,
        Path workspace,
        Path attachments,
        Duration timeout,
        Limits limits) {

    record Limits(
            double cpuCores,
            long memoryBytes,
            long pids,
            long nofile,
            long nproc,
            long tmpBytes,
            String user,
            int outputCap,
            long outputReadLimit) {}
}
